/** Reading a `stage` item: block kind, repeat count, shortcut and the per-instance widths of every slot. */
import { error, warning } from '../diagnostics.js';
import { missing, opt, readWidth, type Fields, type ItemContext } from './fields.js';
import { SKIP, type TypeReader } from './itemReaders.js';
import type { WidthSpec } from './spec.js';
import { listItems, readBool, readEnum, readPositiveInt, readSize, type Field, type Reading } from './values.js';
import { BLOCK_SLOTS, BLOCK_VALUES, RESIDUAL_VALUES, SHORTCUT_VALUES, type BlockKind } from './vocabulary.js';

/** More blocks than any real network has; the limit keeps a typo from expanding millions of layers. */
export const MAX_REPEAT = 1000;

/** Keys that only some block kinds use. */
const BLOCK_ONLY_KEYS: Readonly<Record<string, readonly BlockKind[]>> = {
  reduce: ['bottleneck'],
  inner: ['basic', 'bottleneck'],
  out: ['basic', 'bottleneck', 'inverted'],
  expand: ['inverted'],
  kernel: ['inverted'],
};

export const readStage: TypeReader = (r, fields, item) => {
  const blockField = fields.get('block');
  if (blockField === undefined) {
    missing(r, item, 'block', `: one of ${BLOCK_VALUES.join(', ')}`);
    return SKIP;
  }
  const block = readEnum(r, blockField, BLOCK_VALUES);
  if (block === undefined) {
    return SKIP;
  }
  warnUnusedKeys(r, fields, block);
  const repeat = readRepeat(r, fields, block);
  const absent = BLOCK_SLOTS[block].filter((s) => !fields.has(s));
  absent.forEach((s) => missing(r, item, s, ` (the widths of a ${block} block are ${BLOCK_SLOTS[block].join(', ')})`));
  if (absent.length > 0) {
    return SKIP;
  }
  const slots = Object.fromEntries(BLOCK_SLOTS[block].map((s) => [s, readSlot(r, fields.get(s)!, repeat)]));
  const projection = readProjection(r, fields, item, block);
  const residual = opt(r, fields, 'residual', (rr, f) => readEnum(rr, f, RESIDUAL_VALUES), undefined);
  return {
    kind: 'stage',
    block,
    repeat,
    stride: opt(r, fields, 'stride', readSize, [1, 1]),
    kernel: opt(r, fields, 'kernel', readSize, [3, 3]),
    slots,
    searchable: opt(r, fields, 'searchable', readBool, true),
    ...(projection ? { projection } : {}),
    ...(residual ? { residual } : {}),
  };
};

function warnUnusedKeys(r: Reading, fields: Fields, block: BlockKind): void {
  for (const [key, blocks] of Object.entries(BLOCK_ONLY_KEYS)) {
    const f = fields.get(key);
    if (f !== undefined && !blocks.includes(block)) {
      r.diagnostics.push(warning('unused-key', `a ${block} block does not use '${key}' (its widths are ${BLOCK_SLOTS[block].join(', ')})`, f.keyRange));
    }
  }
}

/** `repeat`, or when it is unreadable the length of the first per-instance list, so the lists still line up. */
function readRepeat(r: Reading, fields: Fields, block: BlockKind): number {
  const f = fields.get('repeat');
  const n = f === undefined ? 1 : readPositiveInt(r, f);
  if (n !== undefined && n > MAX_REPEAT) {
    // A typo such as `repeat: 30000` must not make the editor expand millions of layers.
    r.diagnostics.push(error('bad-value', `'repeat' is at most ${MAX_REPEAT}, not ${n}`, f?.range));
    return MAX_REPEAT;
  }
  if (n !== undefined) {
    return n;
  }
  const lists = BLOCK_SLOTS[block].map((s) => fields.get(s)).map((sf) => (sf ? listItems(r, sf) : undefined));
  return lists.find((l) => l !== undefined && l.length > 0)?.length ?? 1;
}

/**
 * One width per block instance. A scalar is shared by all of them (each variable records its index, so the
 * rewriter can turn the scalar into a list); a list gives each instance its own literal.
 */
function readSlot(r: Reading, f: Field, repeat: number): WidthSpec[] {
  const items = listItems(r, f);
  if (items === undefined) {
    const shared = readWidth(r, f);
    return Array.from({ length: repeat }, (_, index) => (repeat > 1 ? { value: shared.value, literal: { range: f.range, shared: { index, count: repeat } } } : shared));
  }
  // A list written as an alias (`out: *widths`) is one literal for the rewriter, like a shared scalar.
  const widths = items.map((item, index) => (f.alias ? aliased(readWidth(r, item), f, index, repeat) : readWidth(r, item)));
  if (widths.length !== repeat) {
    r.diagnostics.push(error('list-length', `'${f.key}' lists ${widths.length} width${widths.length === 1 ? '' : 's'}, but the stage repeats its block ${repeat} time${repeat === 1 ? '' : 's'}; give one width per block, or a single number for all`, f.range));
  }
  // Missing instances copy the last width (without a literal of their own); extra ones are ignored.
  const last = widths.at(-1)?.value ?? 1;
  return Array.from({ length: repeat }, (_, i) => widths[i] ?? { value: last });
}

function aliased(w: WidthSpec, f: Field, index: number, count: number): WidthSpec {
  return { value: w.value, literal: { range: f.range, shared: { index, count } } };
}

function readProjection(r: Reading, fields: Fields, item: ItemContext, block: BlockKind): WidthSpec | undefined {
  const shortcutField = fields.get('shortcut');
  const shortcut = opt(r, fields, 'shortcut', (rr, f) => readEnum(rr, f, SHORTCUT_VALUES), 'identity');
  const f = fields.get('projection');
  if (shortcut === 'projection' && block === 'inverted') {
    r.diagnostics.push(warning('unused-key', 'the first block of an inverted stage has no residual, so it has no shortcut to project', shortcutField?.range));
    return undefined;
  }
  if (shortcut !== 'projection') {
    if (f !== undefined) {
      r.diagnostics.push(warning('unused-key', `'projection' sets the width of a projection shortcut; it is used only with 'shortcut: projection'`, f.keyRange));
    }
    return undefined;
  }
  if (f === undefined) {
    missing(r, item, 'projection', ' with \'shortcut: projection\': the width of the 1×1 shortcut convolution');
    return undefined;
  }
  return readWidth(r, f);
}
