/**
 * Document → analysis, cached per URI and version: every handler of one document version shares one parse.
 * Analysing ResNet-110 takes a few milliseconds, so each keystroke is analysed at once, without a debounce.
 */
import { loadModel, type LoadedModel } from '../model/load.js';
import { LineIndex } from '../model/source.js';
import { summarize, type ModelSummary } from '../model/summary.js';
import { writtenLayers, type WrittenLayer } from './writtenLayers.js';

/** What the handlers need to know about one version of a document. */
export interface DocumentAnalysis {
  readonly uri: string;
  readonly version: number;
  readonly text: string;
  readonly lines: LineIndex;
  readonly model: LoadedModel;
  /** At the written widths; absent when nothing could be analysed. */
  readonly summary?: ModelSummary;
  /** In file order; empty when nothing could be analysed. */
  readonly layers: readonly WrittenLayer[];
}

/** The text a document holds at some version, as `vscode-languageserver-textdocument` gives it. */
export interface VersionedText {
  readonly uri: string;
  readonly version: number;
  getText(): string;
}

/** The file name a URI stands for (only its name matters: it picks the format). */
export function fileNameOf(uri: string): string {
  const path = uri.replace(/[?#].*$/, '');
  const last = path.slice(path.lastIndexOf('/') + 1);
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

/** Analyses a model file's text. Never throws on any text. */
export function analyzeText(uri: string, version: number, text: string): DocumentAnalysis {
  const model = loadModel(fileNameOf(uri), text);
  const lines = new LineIndex(text);
  if (!model.analysis) {
    return { uri, version, text, lines, model, layers: [] };
  }
  const summary = summarize(model.analysis);
  return { uri, version, text, lines, model, summary, layers: writtenLayers(model.analysis, summary) };
}

export class AnalysisCache {
  private readonly entries = new Map<string, DocumentAnalysis>();

  /** The analysis of the document's current version, computed once per version. */
  get(doc: VersionedText): DocumentAnalysis {
    const cached = this.entries.get(doc.uri);
    if (cached && cached.version === doc.version) {
      return cached;
    }
    const fresh = analyzeText(doc.uri, doc.version, doc.getText());
    this.entries.set(doc.uri, fresh);
    return fresh;
  }

  delete(uri: string): void {
    this.entries.delete(uri);
  }
}
