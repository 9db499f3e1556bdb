/**
 * The safetensors file format (Hugging Face): an 8-byte little-endian header length, a JSON header naming each
 * tensor's dtype, shape and byte range, then the raw little-endian data. netadjust keeps trained weights and feature
 * maps in it because both engines (TypeScript here, the Python worker's `tensorfile.py`) read and write it without a
 * library, and users' tools (safetensors, PyTorch, JAX) open it directly.
 */
import { readFileSync } from 'node:fs';
import { writeFileAtomic } from '../runs/atomic.js';

export type TensorDtype = 'F32' | 'I32';

export interface Tensor {
  readonly dtype: TensorDtype;
  readonly shape: readonly number[];
  readonly data: Float32Array | Int32Array;
}

export type TensorMap = ReadonlyMap<string, Tensor>;

interface HeaderEntry {
  readonly dtype: string;
  readonly shape: readonly number[];
  readonly data_offsets: readonly [number, number];
}

/** A float32 tensor; `data.length` must equal the product of `shape`. */
export function f32(shape: readonly number[], data: Float32Array): Tensor {
  return checked({ dtype: 'F32', shape, data });
}

export function i32(shape: readonly number[], data: Int32Array): Tensor {
  return checked({ dtype: 'I32', shape, data });
}

/** The file's bytes for `tensors`, in the map's order, with optional string metadata. */
export function encodeSafetensors(tensors: TensorMap, metadata?: Readonly<Record<string, string>>): Buffer {
  const header: Record<string, unknown> = metadata ? { __metadata__: metadata } : {};
  let offset = 0;
  for (const [name, t] of tensors) {
    checked(t);
    const bytes = t.data.length * 4;
    header[name] = { dtype: t.dtype, shape: t.shape, data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  let json = JSON.stringify(header);
  // The format asks for the data to start 8-byte aligned; spaces pad the header.
  json += ' '.repeat((8 - ((8 + Buffer.byteLength(json)) % 8)) % 8);
  const head = Buffer.from(json, 'utf8');
  const out = Buffer.alloc(8 + head.length + offset);
  out.writeBigUInt64LE(BigInt(head.length), 0);
  head.copy(out, 8);
  let at = 8 + head.length;
  for (const t of tensors.values()) {
    const view = Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength);
    if (isLittleEndian()) {
      view.copy(out, at);
    } else {
      for (let i = 0; i < t.data.length; i++) {
        t.dtype === 'F32' ? out.writeFloatLE(t.data[i]!, at + 4 * i) : out.writeInt32LE(t.data[i]!, at + 4 * i);
      }
    }
    at += t.data.byteLength;
  }
  return out;
}

/** Reads a safetensors file's F32 and I32 tensors; anything malformed is an error naming `what` (the file). */
export function decodeSafetensors(bytes: Uint8Array, what: string): { tensors: Map<string, Tensor>; metadata: Record<string, string> } {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length < 8) {
    throw new Error(`${what}: not a safetensors file (${buf.length} bytes)`);
  }
  const headerLength = Number(buf.readBigUInt64LE(0));
  if (headerLength > buf.length - 8) {
    throw new Error(`${what}: not a safetensors file (header length ${headerLength} exceeds the file)`);
  }
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(buf.subarray(8, 8 + headerLength).toString('utf8')) as Record<string, unknown>;
  } catch (e) {
    throw new Error(`${what}: the safetensors header is not JSON (${(e as Error).message})`);
  }
  const dataStart = 8 + headerLength;
  const tensors = new Map<string, Tensor>();
  let metadata: Record<string, string> = {};
  for (const [name, value] of Object.entries(header)) {
    if (name === '__metadata__') {
      metadata = value as Record<string, string>;
      continue;
    }
    tensors.set(name, readTensor(buf, dataStart, name, value as HeaderEntry, what));
  }
  return { tensors, metadata };
}

export function readSafetensors(path: string): { tensors: Map<string, Tensor>; metadata: Record<string, string> } {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new Error(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return decodeSafetensors(bytes, path);
}

/** Written whole or not at all (temporary file, then rename). */
export function writeSafetensors(path: string, tensors: TensorMap, metadata?: Readonly<Record<string, string>>): void {
  writeFileAtomic(path, encodeSafetensors(tensors, metadata));
}

function readTensor(buf: Buffer, dataStart: number, name: string, entry: HeaderEntry, what: string): Tensor {
  const [begin, end] = entry.data_offsets ?? [];
  if (entry.dtype !== 'F32' && entry.dtype !== 'I32') {
    throw new Error(`${what}: tensor '${name}' is ${entry.dtype}; netadjust reads F32 and I32 tensors`);
  }
  if (!Array.isArray(entry.shape) || typeof begin !== 'number' || typeof end !== 'number' || end < begin || dataStart + end > buf.length) {
    throw new Error(`${what}: tensor '${name}' has a malformed header entry or lies outside the file`);
  }
  const count = (end - begin) / 4;
  const copy = new ArrayBuffer(end - begin);
  buf.copy(Buffer.from(copy), 0, dataStart + begin, dataStart + end);
  const data = entry.dtype === 'F32' ? new Float32Array(copy) : new Int32Array(copy);
  if (!isLittleEndian()) {
    const view = new DataView(copy);
    for (let i = 0; i < count; i++) {
      data[i] = entry.dtype === 'F32' ? view.getFloat32(4 * i, true) : view.getInt32(4 * i, true);
    }
  }
  return checked({ dtype: entry.dtype, shape: entry.shape, data }, `${what}: tensor '${name}'`);
}

function checked(t: Tensor, what = 'tensor'): Tensor {
  const size = t.shape.reduce((a, b) => a * b, 1);
  if (t.shape.some((d) => !Number.isInteger(d) || d < 0) || size !== t.data.length) {
    throw new Error(`${what}: shape [${t.shape.join(', ')}] does not hold ${t.data.length} values`);
  }
  return t;
}

function isLittleEndian(): boolean {
  return new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
}
