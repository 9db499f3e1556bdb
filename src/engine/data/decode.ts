/** PNG and JPEG decoding to raw channels-last bytes: grayscale stays one channel, colour becomes RGB, alpha is dropped. */
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';

/** A decoded image: `height × width × channels` bytes. */
export interface DecodedImage {
  readonly width: number;
  readonly height: number;
  readonly channels: 1 | 3;
  readonly data: Uint8Array;
}

/** Limits that keep a hostile or broken file from exhausting memory (dataset images are small). */
const JPEG_LIMITS = { maxResolutionInMP: 50, maxMemoryUsageInMB: 512 };

function isPng(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47;
}

function isJpeg(bytes: Uint8Array): boolean {
  return bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
}

/** pngjs always yields RGBA; keep the channels the file actually has (gray or RGB; palettes count as RGB). */
function decodePng(bytes: Uint8Array): DecodedImage {
  const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  const channels = png.color ? 3 : 1;
  const pixels = png.width * png.height;
  const data = new Uint8Array(pixels * channels);
  const rgba = png.data;
  if (channels === 1) {
    for (let p = 0; p < pixels; p++) {
      data[p] = rgba[4 * p]!;
    }
  } else {
    for (let p = 0; p < pixels; p++) {
      data[3 * p] = rgba[4 * p]!;
      data[3 * p + 1] = rgba[4 * p + 1]!;
      data[3 * p + 2] = rgba[4 * p + 2]!;
    }
  }
  return { width: png.width, height: png.height, channels, data };
}

function decodeJpeg(bytes: Uint8Array): DecodedImage {
  const img = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: false, ...JPEG_LIMITS });
  return { width: img.width, height: img.height, channels: 3, data: img.data };
}

/**
 * Decodes PNG or JPEG, chosen by the file's magic bytes rather than its name.
 * Throws a plain Error with the decoder's reason; the caller adds the file name.
 */
export function decodeImage(bytes: Uint8Array): DecodedImage {
  if (isPng(bytes)) {
    return decodePng(bytes);
  }
  if (isJpeg(bytes)) {
    return decodeJpeg(bytes);
  }
  throw new Error('not a PNG or JPEG file (unrecognised first bytes)');
}
