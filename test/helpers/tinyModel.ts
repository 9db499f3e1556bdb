/** The tiny CNN the CLI tests search on the shipped Fashion-MNIST subset, each in a fresh workspace folder. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from './cli.js';

export const FASHION_MNIST = path.join(REPO_ROOT, 'examples', 'data', 'fashion-mnist');

/** 141,280 MACs; a, b and c searchable (8, 12, 16), the classifier fixed. */
export const TINY_MODEL = `# tiny test network
netadjust: 1
name: tiny
input: [28, 28, 1]
dataset: {format: idx, path: ${JSON.stringify(FASHION_MNIST)}}
layers:
  - {type: conv, name: a, width: 8, stride: 2}   # first conv
  - {type: conv, name: b, width: 12, stride: 2}
  - {type: conv, name: c, width: 16}
  - {type: gap}
  - {type: dense, name: fc, units: 10}
`;

/** A temporary workspace holding `tiny.netadj.yaml`. */
export function tinyWorkspace(prefix = 'netadjust-cli-'): { dir: string; model: string } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  const model = path.join(dir, 'tiny.netadj.yaml');
  writeFileSync(model, TINY_MODEL);
  return { dir, model };
}
