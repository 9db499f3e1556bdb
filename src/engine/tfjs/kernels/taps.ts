/**
 * Shared geometry of the composite convolution-gradient kernels: a convolution is a sum over kernel taps, and each
 * tap reads a strided window of the zero-padded input. Expressed with ops every backend has (pad, strided slice).
 */
import * as tf from '@tensorflow/tfjs';

/** The attributes tfjs passes to every 2-D convolution gradient kernel. */
export interface ConvKernelAttrs {
  readonly strides: [number, number] | number;
  readonly pad: 'same' | 'valid' | number | tf.backend_util.ExplicitPadding;
  readonly dataFormat?: 'NHWC' | 'NCHW';
  readonly dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

type Conv2DInfo = tf.backend_util.Conv2DInfo;

/**
 * Pads `x` (NHWC) with `value` (zero for convolutions) so that every tap's window lies inside it: top/left as the
 * convolution pads, bottom/right as needed.
 */
export function padForTaps(x: tf.Tensor4D, info: Conv2DInfo, value = 0): tf.Tensor4D {
  const { top, left } = info.padInfo;
  const bottom = Math.max(0, windowExtent(info.filterHeight, info.dilationHeight, info.outHeight, info.strideHeight) - top - info.inHeight);
  const right = Math.max(0, windowExtent(info.filterWidth, info.dilationWidth, info.outWidth, info.strideWidth) - left - info.inWidth);
  if (top === 0 && left === 0 && bottom === 0 && right === 0) {
    return x;
  }
  return tf.pad(x, [[0, 0], [top, bottom], [left, right], [0, 0]], value);
}

/** Rows (or columns) of padded input the convolution reads: the last tap's offset plus the strided output span. */
export function windowExtent(filter: number, dilation: number, out: number, stride: number): number {
  return (filter - 1) * dilation + (out - 1) * stride + 1;
}

/** The input values tap `(i, j)` multiplies, `[N, outH, outW, C]`, from the padded input. */
export function tapWindow(padded: tf.Tensor4D, info: Conv2DInfo, i: number, j: number): tf.Tensor4D {
  const top = i * info.dilationHeight;
  const left = j * info.dilationWidth;
  const [n, , , c] = padded.shape;
  if (info.strideHeight === 1 && info.strideWidth === 1) {
    return tf.slice(padded, [0, top, left, 0], [n, info.outHeight, info.outWidth, c]);
  }
  const end = [n, top + (info.outHeight - 1) * info.strideHeight + 1, left + (info.outWidth - 1) * info.strideWidth + 1, c];
  return tf.stridedSlice(padded, [0, top, left, 0], end, [1, info.strideHeight, info.strideWidth, 1]) as tf.Tensor4D;
}

/** Kernel taps in filter layout order (row-major over `[filterH, filterW]`). */
export function taps(info: Conv2DInfo): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let i = 0; i < info.filterHeight; i++) {
    for (let j = 0; j < info.filterWidth; j++) {
      out.push([i, j]);
    }
  }
  return out;
}

/** The kernels only handle channels-last data, which is all netadjust (and tfjs' depthwise ops) produce. */
export function requireChannelsLast(kernel: string, dataFormat: string | undefined): void {
  if (dataFormat !== undefined && dataFormat !== 'NHWC' && dataFormat !== 'channelsLast') {
    throw new Error(`${kernel} on wasm (netadjust's composite kernel) supports NHWC data only, got ${dataFormat}`);
  }
}

/**
 * The input gradient of a windowed op: Σ over taps of `perTap(i, j)` (`[N, outH, outW, C]`, the gradient that
 * reaches the input value tap (i, j) read), each spread out by the stride and shifted to the tap's offset on a
 * padded canvas; the padding is cut off at the end.
 */
export function scatterTaps(info: Conv2DInfo, inputShape: readonly [number, number, number, number], perTap: (i: number, j: number) => tf.Tensor4D): tf.Tensor4D {
  const [n, h, w, c] = inputShape;
  const { top, left } = info.padInfo;
  const [sh, sw] = [info.strideHeight, info.strideWidth];
  const [spreadH, spreadW] = [info.outHeight * sh, info.outWidth * sw];
  const canvasH = Math.max(top + h, windowExtent(info.filterHeight, info.dilationHeight, info.outHeight, sh) + sh - 1);
  const canvasW = Math.max(left + w, windowExtent(info.filterWidth, info.dilationWidth, info.outWidth, sw) + sw - 1);
  return tf.tidy(() => {
    let canvas: tf.Tensor4D | null = null;
    for (const [i, j] of taps(info)) {
      const [dTop, dLeft] = [i * info.dilationHeight, j * info.dilationWidth];
      const placed = tf.pad(spreadByStride(perTap(i, j), sh, sw), [[0, 0], [dTop, canvasH - dTop - spreadH], [dLeft, canvasW - dLeft - spreadW], [0, 0]]);
      const next: tf.Tensor4D = canvas === null ? placed : tf.add(canvas, placed);
      // Free each partial sum as soon as the next exists; the tidy would only free them at the end.
      if (canvas !== null) {
        canvas.dispose();
        placed.dispose();
      }
      canvas = next;
    }
    return tf.slice(canvas!, [0, top, left, 0], [n, h, w, c]);
  });
}

/** `[N, H·sh, W·sw, C]` with `t[n, y, x]` at `(y·sh, x·sw)` and zeros between. */
export function spreadByStride(t: tf.Tensor4D, sh: number, sw: number): tf.Tensor4D {
  if (sh === 1 && sw === 1) {
    return t;
  }
  const [n, h, w, c] = t.shape;
  const gaps = tf.pad(tf.reshape(t, [n, h, 1, w, 1, c]), [[0, 0], [0, 0], [0, sh - 1], [0, 0], [0, sw - 1], [0, 0]]);
  return tf.reshape(gaps, [n, h * sh, w * sw, c]);
}

/** Pads (positive amounts) or crops (negative amounts) the two spatial axes of `x` (NHWC). */
export function padOrCrop(x: tf.Tensor4D, top: number, bottom: number, left: number, right: number): tf.Tensor4D {
  const [n, h, w, c] = x.shape;
  const [ct, cb, cl, cr] = [top, bottom, left, right].map((v) => Math.max(0, -v)) as [number, number, number, number];
  const cropped = ct + cb + cl + cr > 0 ? tf.slice(x, [0, ct, cl, 0], [n, h - ct - cb, w - cl - cr, c]) : x;
  const [pt, pb, pl, pr] = [top, bottom, left, right].map((v) => Math.max(0, v)) as [number, number, number, number];
  return pt + pb + pl + pr > 0 ? tf.pad(cropped, [[0, 0], [pt, pb], [pl, pr], [0, 0]]) : cropped;
}
