/** What the server holds between messages: open documents' analyses, run results per file, settings. */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { ModelSummary } from '../model/summary.js';
import { AnalysisCache, analyzeText, type DocumentAnalysis, type VersionedText } from './analysisCache.js';
import { RunResultsStore } from './runResults.js';
import { DEFAULT_SETTINGS, type ServerSettings } from './settings.js';

export interface OpenDocuments {
  get(uri: string): VersionedText | undefined;
}

export class ServerState {
  readonly cache = new AnalysisCache();
  readonly runs = new RunResultsStore();
  settings: ServerSettings = DEFAULT_SETTINGS;
  private readonly documents: OpenDocuments;

  constructor(documents: OpenDocuments) {
    this.documents = documents;
  }

  /** The analysis of an open document's current version; undefined when it is not open. */
  analysis(uri: string): DocumentAnalysis | undefined {
    const doc = this.documents.get(uri);
    return doc ? this.cache.get(doc) : undefined;
  }

  /** The summary of an open document, or of the file on disk; null when neither can be read or analysed. */
  async summary(uri: string): Promise<ModelSummary | null> {
    const open = this.analysis(uri);
    if (open) {
      return open.summary ?? null;
    }
    if (!uri.startsWith('file:')) {
      return null;
    }
    try {
      const text = await readFile(fileURLToPath(uri), 'utf8');
      return analyzeText(uri, 0, text).summary ?? null;
    } catch {
      return null;
    }
  }
}
