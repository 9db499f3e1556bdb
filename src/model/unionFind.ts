/** Disjoint sets over names; the representative of a set is the member added first, so group ids are stable. */
export class UnionFind {
  private readonly parent = new Map<string, string>();
  private readonly order = new Map<string, number>();

  add(name: string): void {
    if (!this.parent.has(name)) {
      this.parent.set(name, name);
      this.order.set(name, this.order.size);
    }
  }

  find(name: string): string {
    this.add(name);
    let root = name;
    while (this.parent.get(root) !== root) {
      root = this.parent.get(root)!;
    }
    // Path compression keeps later lookups flat.
    let node = name;
    while (node !== root) {
      const next = this.parent.get(node)!;
      this.parent.set(node, root);
      node = next;
    }
    return root;
  }

  union(a: string, b: string): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra === rb) {
      return;
    }
    const [keep, drop] = this.order.get(ra)! <= this.order.get(rb)! ? [ra, rb] : [rb, ra];
    this.parent.set(drop, keep);
  }
}
