/**
 * Where the scatter chart writes each point's name: beside its point, clear of the other names and points, inside
 * the plot. Networks at one budget crowd together (the pruned ones share the uniform widths, so their MACs are
 * equal), so a name that would overlap moves to the other side, above, below, or a step further away. Pure; unit-tested.
 */

export interface Box {
  /** Top-left corner and size, in canvas pixels. */
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** A point (its centre) and the size of its label. */
export interface Anchor {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface Area {
  readonly left: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
}

/** Pixels between a point's centre and its label, and around each point that no label may cover. */
const GAP = 8;
const POINT_CLEARANCE = 5;
/** How many label heights a label may be pushed up or down before it gives up and overlaps. */
const MAX_STEPS = 4;

/** One box per anchor, in order; earlier anchors get the better spots. */
export function placeLabels(anchors: readonly Anchor[], area: Area): Box[] {
  const points: Box[] = anchors.map((a) => ({ x: a.x - POINT_CLEARANCE, y: a.y - POINT_CLEARANCE, width: 2 * POINT_CLEARANCE, height: 2 * POINT_CLEARANCE }));
  const placed: Box[] = [];
  for (const anchor of anchors) {
    const options = candidates(anchor);
    const free = options.find((box) => inside(box, area) && !placed.some((p) => overlaps(p, box)) && !points.some((p) => overlaps(p, box)));
    placed.push(free ?? clamp(options[0]!, area));
  }
  return placed;
}

/** Right of the point, left, above, below, then right and left again a label height further up or down each time. */
function candidates(a: Anchor): Box[] {
  const right = (dy: number): Box => ({ x: a.x + GAP, y: a.y - a.height / 2 + dy, width: a.width, height: a.height });
  const left = (dy: number): Box => ({ x: a.x - GAP - a.width, y: a.y - a.height / 2 + dy, width: a.width, height: a.height });
  const boxes = [right(0), left(0), { x: a.x - a.width / 2, y: a.y - GAP - a.height, width: a.width, height: a.height }, { x: a.x - a.width / 2, y: a.y + GAP, width: a.width, height: a.height }];
  for (let step = 1; step <= MAX_STEPS; step++) {
    for (const dy of [step * a.height, -step * a.height]) {
      boxes.push(right(dy), left(dy));
    }
  }
  return boxes;
}

export function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

function inside(b: Box, area: Area): boolean {
  return b.x >= area.left && b.y >= area.top && b.x + b.width <= area.right && b.y + b.height <= area.bottom;
}

function clamp(b: Box, area: Area): Box {
  return {
    ...b,
    x: Math.max(area.left, Math.min(b.x, area.right - b.width)),
    y: Math.max(area.top, Math.min(b.y, area.bottom - b.height)),
  };
}
