import { LineCounter, parseAllDocuments, type Document } from 'yaml';
import type { SourceFile } from './source.js';

/** A problem that keeps a document from being read, at its position. */
export interface SyntaxProblem {
  readonly message: string;
  readonly line: number;
  readonly column: number;
}

/** One YAML (or JSON) document of a file, kept whole so later steps can rewrite it in place. */
export interface ManifestDocument {
  readonly file: string;
  /** 0-based position of the document in its file. */
  readonly index: number;
  /** The parsed document with positions and comments; null when the file could not be read. */
  readonly doc: Document.Parsed | null;
  readonly lineCounter: LineCounter;
  /** The plain value of the document (null for an empty document or on error). */
  readonly value: unknown;
  /** Set when the document is not valid YAML, or its value could not be built. */
  readonly error?: SyntaxProblem;
  /** The source text of the whole file (shared by its documents). */
  readonly text: string;
}

/** Aliases beyond this count are refused (the `billion laughs` defence of the yaml package). */
const MAX_ALIAS_COUNT = 100;

/**
 * Parses a file into its documents. Kubernetes reads manifests as YAML 1.1 (go-yaml v2 through
 * sigs.k8s.io/yaml), so `yes`/`on` are booleans and `0644` is octal, as kubectl would send them.
 * JSON is parsed by the same parser, which keeps positions for it too.
 *
 * No input makes this throw: malformed YAML, alias bombs, deep nesting and binary content all
 * become a document with `error` set.
 */
export function parseSource(source: SourceFile): ManifestDocument[] {
  const lineCounter = new LineCounter();
  const file = source.path;
  if (source.unreadable !== undefined) {
    return [wholeFileError(file, lineCounter, '', source.unreadable)];
  }
  const text = source.text;
  let docs: Document.Parsed[];
  try {
    const parsed = parseAllDocuments(text, {
      lineCounter,
      version: '1.1',
      keepSourceTokens: false,
      prettyErrors: false,
      uniqueKeys: true,
    });
    docs = Array.isArray(parsed) ? parsed : [];
  } catch (e) {
    return [wholeFileError(file, lineCounter, text, `cannot parse: ${describeThrown(e)}`)];
  }
  const out: ManifestDocument[] = [];
  docs.forEach((doc, index) => {
    // A document that cannot be read keeps its parse, with the problem at its position.
    const failed = (offset: number, message: string): void => {
      const pos = lineCounter.linePos(offset);
      out.push({
        file,
        index,
        doc,
        lineCounter,
        value: null,
        text,
        error: { message, line: pos.line, column: pos.col },
      });
    };
    const first = doc.errors[0];
    if (first !== undefined) {
      failed(first.pos[0], cleanYamlMessage(first.message));
      return;
    }
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (e) {
      failed(doc.contents?.range[0] ?? 0, describeThrown(e));
      return;
    }
    out.push({ file, index, doc, lineCounter, value: value ?? null, text });
  });
  return out;
}

/** The one document of a file that could not be read or parsed at all. */
function wholeFileError(
  file: string,
  lineCounter: LineCounter,
  text: string,
  message: string,
): ManifestDocument {
  return {
    file,
    index: 0,
    doc: null,
    lineCounter,
    value: null,
    text,
    error: { message, line: 1, column: 1 },
  };
}

function describeThrown(e: unknown): string {
  if (e instanceof RangeError) return 'document is nested too deeply';
  if (e instanceof Error) {
    if (/alias count/i.test(e.message)) return 'too many aliases (possible alias bomb)';
    return e.message.split('\n')[0] ?? e.message;
  }
  return String(e);
}

/** The yaml package's messages carry a code excerpt after the first line; keep one line. */
function cleanYamlMessage(message: string): string {
  const line = message.split('\n')[0] ?? message;
  return line.replace(/ at line \d+, column \d+:?$/, '');
}
