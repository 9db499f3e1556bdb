/** Where the scatter chart writes its point names: beside the point, never over another name or point. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { overlaps, placeLabels, type Box } from '../../../webview/charts/labelLayout.js';

const AREA = { left: 0, top: 0, right: 400, bottom: 300 };
const label = (x: number, y: number, width = 80) => ({ x, y, width, height: 14 });

function disjoint(boxes: readonly Box[]): boolean {
  return boxes.every((a, i) => boxes.every((b, j) => i === j || !overlaps(a, b)));
}

describe('placeLabels', () => {
  it('puts a lone label right of its point, centred on it', () => {
    assert.deepEqual(placeLabels([label(100, 100)], AREA), [{ x: 108, y: 93, width: 80, height: 14 }]);
  });

  it('moves to the left where the right has no room', () => {
    const [box] = placeLabels([label(380, 100)], AREA);
    assert.equal(box!.x + box!.width, 372);
  });

  it('keeps names of points stacked at one x apart, clear of every point, inside the area', () => {
    // The pruned networks share the uniform widths: their points sit on one vertical, a few pixels apart.
    const anchors = [label(200, 100, 110), label(200, 106, 90), label(200, 112, 100), label(200, 118, 95), label(203, 109, 150)];
    const boxes = placeLabels(anchors, AREA);
    assert.ok(disjoint(boxes), JSON.stringify(boxes));
    for (const b of boxes) {
      assert.ok(b.x >= 0 && b.y >= 0 && b.x + b.width <= 400 && b.y + b.height <= 300, JSON.stringify(b));
      for (const a of anchors) {
        assert.ok(!overlaps(b, { x: a.x - 5, y: a.y - 5, width: 10, height: 10 }), `${JSON.stringify(b)} covers the point at ${a.x},${a.y}`);
      }
    }
  });

  it('stays inside the area even when it has to overlap', () => {
    const crowded = Array.from({ length: 30 }, () => label(20, 20, 60));
    const boxes = placeLabels(crowded, { left: 0, top: 0, right: 100, bottom: 60 });
    assert.ok(boxes.every((b) => b.x >= 0 && b.y >= 0 && b.x + b.width <= 100 && b.y + b.height <= 60));
  });
});
