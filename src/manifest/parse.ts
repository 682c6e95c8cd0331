import { isMap, LineCounter, parseAllDocuments, visit, type Document } from 'yaml';
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
      // The library's warnings (e.g. "Keys with collection values will be stringified") would go
      // to process.emitWarning, i.e. stderr: problems are reported as documents' errors instead.
      logLevel: 'error',
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
    const template = unrenderedTemplate(text, doc);
    if (template !== null) {
      failed(template.offset, template.message);
      return;
    }
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

/** `{{ ... }}` where YAML expects a value or a key: a Helm or Go template not rendered yet. */
const TEMPLATE = /\{\{-?\s*(?:[.$a-zA-Z/(]|end\b)[^\n]*?\}\}/;

function templateProblem(
  text: string,
  offset: number,
): { readonly offset: number; readonly message: string } | null {
  const m = TEMPLATE.exec(text.slice(offset));
  if (m === null) return null;
  const shown = m[0].length > 60 ? `${m[0].slice(0, 57)}...` : m[0];
  return {
    offset: offset + m.index,
    message: `unrendered template ${JSON.stringify(shown)} (Helm/Go template syntax, not YAML): render it first, e.g. helm template ... | sidecarctl validate -`,
  };
}

/**
 * A Helm/Go template in a document that is not rendered: `{{ .Release.Name }}` unquoted parses
 * as a flow mapping (or not at all), which would otherwise read as a cryptic YAML error or,
 * worse, as a value. Found where the parse has a flow mapping starting with `{{`, or, for a
 * document that does not parse, anywhere in its text outside comments.
 */
function unrenderedTemplate(
  text: string,
  doc: Document.Parsed,
): { readonly offset: number; readonly message: string } | null {
  const [start, , end] = doc.range;
  if (!text.slice(start, end).includes('{{')) return null;
  let found: { readonly offset: number; readonly message: string } | null = null;
  visit(doc, (_key, node) => {
    if (isMap(node) && node.flow === true && node.range !== null && node.range !== undefined) {
      const at = node.range[0];
      if (text.startsWith('{{', at)) {
        found = templateProblem(text, at) ?? {
          offset: at,
          message:
            'unrendered template (Helm/Go template syntax, not YAML): render it first, e.g. helm template ... | sidecarctl validate -',
        };
        return visit.BREAK;
      }
    }
    return undefined;
  });
  if (found !== null || doc.errors.length === 0) return found;
  // A document that does not parse: the first template outside a comment.
  let offset = start;
  for (const line of text.slice(start, end).split('\n')) {
    const hash = line.search(/(^|\s)#/);
    const code = hash < 0 ? line : line.slice(0, hash);
    const p = templateProblem(code, 0);
    if (p !== null) return { offset: offset + p.offset, message: p.message };
    offset += line.length + 1;
  }
  return null;
}
