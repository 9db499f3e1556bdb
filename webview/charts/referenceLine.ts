/**
 * A dashed reference line across a chart's plot at one value of an axis, with a short label: the MAC budget. Drawn
 * by a per-chart Chart.js plugin on the canvas after the data, so it needs no extra dataset (it would show in the
 * legend and the tooltips) and no extra library.
 */
import type { Chart, Plugin } from 'chart.js';
import type { Palette } from '../theme.js';

export interface ReferenceLine {
  /** The scale the value is on; a horizontal scale gives a vertical line and a vertical scale a horizontal one. */
  readonly scaleId: string;
  readonly value: number;
  readonly label: string;
}

/** Where the line was drawn, in canvas pixels: its position along the scale and its extent across the plot. */
export interface DrawnLine {
  readonly line: ReferenceLine;
  readonly vertical: boolean;
  readonly pixel: number;
  readonly from: number;
  readonly to: number;
}

const WIDTH = 2;
const DASH = [6, 4];

/**
 * The plugin draws `line()` on every redraw with the current `palette()`. `drawn()` says where it went (undefined
 * when there is no line or its value is outside the scale's range), for the browser tests.
 */
export function referenceLinePlugin(line: () => ReferenceLine | undefined, palette: () => Palette): { plugin: Plugin; drawn: () => DrawnLine | undefined } {
  let last: DrawnLine | undefined;
  const plugin: Plugin = {
    id: 'netadjustReferenceLine',
    afterDatasetsDraw(chart: Chart) {
      last = draw(chart, line(), palette());
    },
  };
  return { plugin, drawn: () => last };
}

function draw(chart: Chart, line: ReferenceLine | undefined, p: Palette): DrawnLine | undefined {
  const scale = line ? chart.scales[line.scaleId] : undefined;
  if (!line || !scale || !Number.isFinite(line.value)) {
    return undefined;
  }
  const area = chart.chartArea;
  const vertical = scale.isHorizontal();
  // Whole pixels: an even-width line on whole pixels covers them fully, so its colour is exactly the theme's.
  const pixel = Math.round(scale.getPixelForValue(line.value));
  const [low, high] = vertical ? [area.left, area.right] : [area.top, area.bottom];
  if (pixel < low || pixel > high) {
    return undefined;
  }
  const [from, to] = vertical ? [area.top, area.bottom] : [area.left, area.right];
  const ctx = chart.ctx;
  ctx.save();
  ctx.strokeStyle = p.muted;
  ctx.lineWidth = WIDTH;
  ctx.setLineDash(DASH);
  ctx.beginPath();
  if (vertical) {
    ctx.moveTo(pixel, from);
    ctx.lineTo(pixel, to);
  } else {
    ctx.moveTo(from, pixel);
    ctx.lineTo(to, pixel);
  }
  ctx.stroke();
  drawLabel(chart, line.label, vertical, pixel, p);
  ctx.restore();
  return { line, vertical, pixel, from, to };
}

/** Beside the top of a vertical line (on its left when the right has no room), above the right end of a horizontal one. */
function drawLabel(chart: Chart, text: string, vertical: boolean, pixel: number, p: Palette): void {
  const ctx = chart.ctx;
  const size = Math.max(10, p.fontSize - 2);
  ctx.setLineDash([]);
  ctx.fillStyle = p.muted;
  ctx.font = `${size}px ${p.fontFamily}`;
  ctx.textBaseline = 'top';
  const area = chart.chartArea;
  if (vertical) {
    const roomRight = pixel + 4 + ctx.measureText(text).width <= area.right;
    ctx.textAlign = roomRight ? 'left' : 'right';
    ctx.fillText(text, roomRight ? pixel + 4 : pixel - 4, area.top + 2);
  } else {
    ctx.textAlign = 'right';
    ctx.textBaseline = 'bottom';
    ctx.fillText(text, area.right - 4, pixel - 3);
  }
}
