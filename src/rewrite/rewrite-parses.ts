/**
 * The one way the rewrite re-parses YAML text (to locate an edit in a document, and to check
 * the edited document), counted: the rewrite must parse a bounded amount of text per document,
 * never the whole file per document, and the counts let a test hold it to that.
 */
import { parseAllDocuments, type Document } from 'yaml';

/** Parses made by the rewrite since the process started: how many, and of how many characters. */
export const rewriteParses = { calls: 0, chars: 0 };

/** The documents of `text`, read as YAML 1.1 (as kubectl does). */
export function parseForRewrite(text: string): Document.Parsed[] {
  rewriteParses.calls++;
  rewriteParses.chars += text.length;
  const docs = parseAllDocuments(text, { version: '1.1' });
  return Array.isArray(docs) ? docs : [];
}
