import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { decodeSafetensors, encodeSafetensors, f32, i32, readSafetensors, writeSafetensors } from '../../../src/engine/weights/safetensors.js';

describe('safetensors files', () => {
  it('round-trips float32 and int32 tensors and metadata', () => {
    fc.assert(
      fc.property(fc.array(fc.float({ noNaN: true }), { maxLength: 40 }), fc.array(fc.integer({ min: -1e6, max: 1e6 }), { maxLength: 10 }), (floats, ints) => {
        const tensors = new Map([
          ['a/kernel', f32([floats.length], Float32Array.from(floats))],
          ['labels', i32([1, ints.length], Int32Array.from(ints))],
        ]);
        const back = decodeSafetensors(encodeSafetensors(tensors, { format: 'pt' }), 'x');
        assert.deepEqual(back.metadata, { format: 'pt' });
        assert.deepEqual([...back.tensors.keys()], ['a/kernel', 'labels']);
        assert.deepEqual(Array.from(back.tensors.get('a/kernel')!.data), Array.from(Float32Array.from(floats)));
        assert.deepEqual(back.tensors.get('labels')!.shape, [1, ints.length]);
        assert.deepEqual(Array.from(back.tensors.get('labels')!.data), ints);
      }),
    );
  });

  it('lays the file out as the format says: u64 header length, aligned JSON header, little-endian data', () => {
    const bytes = encodeSafetensors(new Map([['w', f32([2], Float32Array.of(1, -2))]]));
    const n = Number(bytes.readBigUInt64LE(0));
    assert.equal((8 + n) % 8, 0);
    const header = JSON.parse(bytes.subarray(8, 8 + n).toString()) as Record<string, { dtype: string; shape: number[]; data_offsets: number[] }>;
    assert.deepEqual(header['w'], { dtype: 'F32', shape: [2], data_offsets: [0, 8] });
    assert.equal(bytes.readFloatLE(8 + n + 4), -2);
  });

  it('refuses malformed files with the file name and reason', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'netadjust-st-'));
    const file = path.join(dir, 'w.safetensors');
    writeSafetensors(file, new Map([['w', f32([2], Float32Array.of(1, 2))]]));
    assert.deepEqual(Array.from(readSafetensors(file).tensors.get('w')!.data), [1, 2]);
    const truncated = readFileSync(file).subarray(0, 20);
    writeFileSync(file, truncated);
    assert.throws(() => readSafetensors(file), /w\.safetensors: .*(header|outside)/);
    writeFileSync(file, Buffer.from('abc'));
    assert.throws(() => readSafetensors(file), /not a safetensors file/);
    assert.throws(() => readSafetensors(path.join(dir, 'missing.safetensors')), /cannot read .*missing\.safetensors: ENOENT/);
    const f16 = Buffer.alloc(8);
    const head = Buffer.from(JSON.stringify({ h: { dtype: 'F16', shape: [1], data_offsets: [0, 2] } }));
    f16.writeBigUInt64LE(BigInt(head.length));
    assert.throws(() => decodeSafetensors(Buffer.concat([f16, head, Buffer.alloc(2)]), 'half.safetensors'), /'h' is F16; netadjust reads F32 and I32/);
  });
});
