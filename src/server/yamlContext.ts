/**
 * Where the cursor is in a `*.netadj.yaml` file, for completion. Read from the lines around the cursor, not from a
 * parse, because the text being typed is rarely valid YAML. Knows block style (`- type: conv` on its own lines)
 * and flow style (`- {type: conv, width: 16}`).
 */

export type YamlContext =
  /** Writing a key of a layer item (`type` is its type when written) or, at the top level, a top-level key. */
  | { readonly kind: 'key'; readonly scope: 'layer' | 'top'; readonly type?: string; readonly present: ReadonlySet<string>; readonly partial: string; readonly flow: boolean }
  /** Writing the value of `key` (of a layer item of `type`, or a top-level key). */
  | { readonly kind: 'value'; readonly scope: 'layer' | 'top'; readonly key: string; readonly type?: string; readonly partial: string; readonly needsSpace: boolean };

const KEY_CHARS = /^[A-Za-z_][\w-]*$/;

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

function isBlank(line: string): boolean {
  const t = line.trim();
  return t === '' || t.startsWith('#');
}

/** `- ` at the start of a line: the column where the item's content starts, and the dash's own column. */
function dashOf(line: string): { dash: number; content: number } | undefined {
  const m = /^(\s*)-(\s+)/.exec(line);
  return m ? { dash: m[1]!.length, content: m[0].length } : undefined;
}

export function yamlContext(text: string, offset: number): YamlContext | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  const lines = text.split(/\r?\n/);
  const lineNo = text.slice(0, lineStart).split('\n').length - 1;
  return flowContext(before, lines[lineNo] ?? '') ?? blockContext(before, lines, lineNo);
}

/** Inside `{…}` on the cursor's line (but not inside a list value in it). */
function flowContext(before: string, line: string): YamlContext | undefined {
  const open = before.lastIndexOf('{');
  const bracket = before.lastIndexOf('[');
  if (open === -1 || before.indexOf('}', open) !== -1 || (bracket > open && before.indexOf(']', bracket) === -1)) {
    return undefined;
  }
  const segment = before.slice(Math.max(open, before.lastIndexOf(',')) + 1);
  const inner = line.slice(open + 1, line.indexOf('}', open) === -1 ? undefined : line.indexOf('}', open));
  const type = /(?:^|[\s,])type\s*:\s*([\w-]+)/.exec(inner)?.[1];
  const withType = type === undefined ? {} : { type };
  const key = /^\s*([\w-]*)$/.exec(segment);
  if (key) {
    const present = new Set([...inner.matchAll(/([\w-]+)\s*:/g)].map((m) => m[1]!));
    return { kind: 'key', scope: 'layer', present, partial: key[1]!, flow: true, ...withType };
  }
  const value = /^\s*([\w-]+)\s*:(\s*)([\w-]*)$/.exec(segment);
  return value ? { kind: 'value', scope: 'layer', key: value[1]!, partial: value[3]!, needsSpace: value[2] === '', ...withType } : undefined;
}

function blockContext(before: string, lines: readonly string[], lineNo: number): YamlContext | undefined {
  const key = /^(\s*)(-\s+)?([\w-]*)$/.exec(before);
  const value = /^(\s*)(-\s+)?([\w-]+)\s*:(\s*)([\w-]*)$/.exec(before);
  const m = key ?? value;
  if (!m) {
    return undefined;
  }
  const column = m[1]!.length + (m[2]?.length ?? 0);
  const scope = column === 0 && m[2] === undefined ? 'top' : 'layer';
  const item = scope === 'top' ? { type: undefined, present: topLevelKeys(lines, lineNo) } : itemAt(lines, lineNo, column, m[2] !== undefined);
  if (!item) {
    return undefined;
  }
  const withType = item.type === undefined ? {} : { type: item.type };
  if (key) {
    return { kind: 'key', scope, present: item.present, partial: key[3]!, flow: false, ...withType };
  }
  return { kind: 'value', scope, key: value![3]!, partial: value![5]!, needsSpace: value![4] === '', ...withType };
}

function topLevelKeys(lines: readonly string[], except: number): Set<string> {
  const keys = lines.filter((_line, i) => i !== except).map((l) => /^([\w-]+)\s*:/.exec(l)?.[1]);
  return new Set(keys.filter((k): k is string => k !== undefined));
}

/**
 * The layer item whose keys start at `column` and hold line `lineNo`: its type and the keys it already has
 * (the cursor's line excepted). Undefined when the line is not in an item of `layers`.
 */
function itemAt(lines: readonly string[], lineNo: number, column: number, startsHere: boolean): { type?: string; present: Set<string> } | undefined {
  let start = startsHere ? lineNo : -1;
  for (let l = lineNo - 1; start === -1 && l >= 0; l--) {
    const line = lines[l]!;
    if (isBlank(line)) {
      continue;
    }
    if (dashOf(line)?.content === column) {
      start = l;
    } else if (indentOf(line) < column) {
      return undefined;
    }
  }
  if (start === -1 || !underLayers(lines, start)) {
    return undefined;
  }
  const present = new Set<string>();
  let type: string | undefined;
  for (let l = start; l < lines.length; l++) {
    const line = lines[l]!;
    if (l > start && !isBlank(line) && indentOf(line) < column) {
      break;
    }
    const k = l === start || indentOf(line) === column ? /^([\w-]+)\s*:\s*(.*)$/.exec(line.slice(column)) : null;
    if (!k || l === lineNo || !KEY_CHARS.test(k[1]!)) {
      continue;
    }
    present.add(k[1]!);
    if (k[1] === 'type') {
      type = /^[\w-]+/.exec(k[2]!)?.[0];
    }
  }
  return type === undefined ? { present } : { type, present };
}

/** Whether the item starting on line `start` is an entry of the top-level `layers` list. */
function underLayers(lines: readonly string[], start: number): boolean {
  const dash = dashOf(lines[start]!)?.dash ?? 0;
  for (let l = start - 1; l >= 0; l--) {
    const line = lines[l]!;
    if (isBlank(line)) {
      continue;
    }
    const indent = indentOf(line);
    if (indent > dash || (indent === dash && dashOf(line))) {
      continue;
    }
    return /^layers\s*:\s*(#.*)?$/.test(line.trimEnd());
  }
  return false;
}
