/**
 * Completion. YAML: layer types after `type:`, the keys a layer of the item's type may have (or top-level keys),
 * and the values of enumerated keys, all from the format's vocabulary. JSON: Keras class names in `"class_name"`.
 */
import { CompletionItemKind, MarkupKind, type CompletionItem, type Position, type Range } from 'vscode-languageserver';
import { SUPPORTED_CLASSES } from '../model/keras/layers.js';
import type { ModelFormat } from '../model/graph.js';
import type { LineIndex } from '../model/source.js';
import { keysOf, LAYER_TYPES_SPEC, TOP_LEVEL_KEYS, type KeySpec } from '../model/yaml/vocabulary.js';
import { yamlContext, type YamlContext } from './yamlContext.js';

export function computeCompletions(format: ModelFormat, text: string, lines: LineIndex, pos: Position): CompletionItem[] {
  const offset = lines.offset(pos);
  return format === 'keras-json' ? jsonCompletions(text, offset, pos) : yamlCompletions(yamlContext(text, offset), pos);
}

function docs(description: string, dflt?: string | number | boolean): CompletionItem['documentation'] {
  return { kind: MarkupKind.Markdown, value: dflt === undefined ? description : `${description}\n\nDefault: \`${String(dflt)}\`` };
}

/** Replaces the partial word before the cursor. */
function replacing(pos: Position, partial: string): Range {
  return { start: { line: pos.line, character: pos.character - partial.length }, end: pos };
}

function yamlCompletions(ctx: YamlContext | undefined, pos: Position): CompletionItem[] {
  if (!ctx) {
    return [];
  }
  const range = replacing(pos, ctx.partial);
  if (ctx.kind === 'key') {
    const specs = ctx.scope === 'top' ? TOP_LEVEL_KEYS : ctx.type !== undefined ? keysOf(ctx.type) : keysOf('');
    return Object.entries(specs)
      .filter(([key]) => !ctx.present.has(key))
      .map(([key, spec]) => {
        const nested = spec.kind === 'layers' || spec.kind === 'mapping';
        return {
          label: key,
          kind: CompletionItemKind.Property,
          detail: spec.required ? `${spec.kind} (required)` : spec.kind,
          documentation: docs(spec.description, spec.default),
          sortText: `${spec.required ? 0 : 1}${key}`,
          textEdit: { range, newText: nested && !ctx.flow ? `${key}:` : `${key}: ` },
        };
      });
  }
  const space = ctx.needsSpace ? ' ' : '';
  const value = (label: string, kind: CompletionItemKind, documentation?: string, index = 0): CompletionItem => ({
    label,
    kind,
    ...(documentation ? { documentation: docs(documentation) } : {}),
    sortText: String(index).padStart(3, '0'),
    filterText: label,
    textEdit: { range, newText: `${space}${label}` },
  });
  if (ctx.scope === 'layer' && ctx.key === 'type') {
    return Object.entries(LAYER_TYPES_SPEC).map(([type, spec], i) => value(type, CompletionItemKind.Class, spec.description, i));
  }
  const spec: KeySpec | undefined = ctx.scope === 'top' ? TOP_LEVEL_KEYS[ctx.key] : keysOf(ctx.type ?? '')[ctx.key];
  if (spec?.kind === 'bool') {
    return ['true', 'false'].map((v, i) => value(v, CompletionItemKind.Value, undefined, i));
  }
  return (spec?.values ?? []).map((v, i) => value(v, CompletionItemKind.EnumMember, undefined, i));
}

/** Keras class names in the value of `"class_name"`, with or without the opening quote typed. */
function jsonCompletions(text: string, offset: number, pos: Position): CompletionItem[] {
  const before = text.slice(text.lastIndexOf('\n', offset - 1) + 1, offset);
  const m = /"class_name"\s*:\s*("?)([A-Za-z0-9_]*)$/.exec(before);
  if (!m) {
    return [];
  }
  const quoted = m[1] === '"';
  const closed = text.charAt(offset) === '"';
  const range = replacing(pos, m[2]!);
  return SUPPORTED_CLASSES.map((name, i) => ({
    label: name,
    kind: CompletionItemKind.Class,
    sortText: String(i).padStart(3, '0'),
    textEdit: { range, newText: quoted ? (closed ? name : `${name}"`) : `"${name}"` },
  }));
}
