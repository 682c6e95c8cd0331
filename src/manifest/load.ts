import { parseSource, type ManifestDocument } from './parse.js';
import { objectsOf, type ManifestObject } from './objects.js';
import { readSources, type SourceFile } from './source.js';
import { errorMessage, SidecarError, type ErrorCode } from '../errors.js';

/** Everything read from the user's arguments. */
export interface LoadedInput {
  readonly sources: readonly SourceFile[];
  readonly documents: readonly ManifestDocument[];
  readonly objects: readonly ManifestObject[];
}

/**
 * Reads, parses and splits the inputs. Syntax errors stay on their documents (so callers report
 * them and go on); unreadable paths throw SIDECAR_E_READ; an input with no manifest file, or
 * only empty documents, throws SIDECAR_E_NO_INPUT.
 */
export function loadInputs(args: readonly string[], readStdin?: () => string): LoadedInput {
  const sources = readStdin === undefined ? readSources(args) : readSources(args, readStdin);
  if (sources.length === 0) {
    throw new SidecarError(
      'SIDECAR_E_NO_INPUT',
      `no manifest files (*.yaml, *.yml, *.json) in ${args.join(', ')}`,
    );
  }
  const input = fromSources(sources);
  // An empty file or stdin answers as an empty folder does: there is nothing to work on.
  if (input.documents.every((d) => d.error === undefined && d.value === null)) {
    throw new SidecarError(
      'SIDECAR_E_NO_INPUT',
      `no manifest objects in ${args.join(', ')}: the input is empty`,
    );
  }
  return input;
}

/** Parses given texts (for tests and library users). */
export function fromSources(sources: readonly SourceFile[]): LoadedInput {
  const documents = sources.flatMap((s) => parseSource(s));
  const objects = documents.flatMap((d) => objectsOf(d));
  return { sources, documents, objects };
}

/** Parses one text, named `name`. */
export function fromText(text: string, name = 'input.yaml'): LoadedInput {
  return fromSources([{ path: name, text }]);
}

/**
 * Commands that need their input whole (simulate, run; a Scenario or catalog file) stop at the
 * first document that is not valid YAML, where validate reports it and goes on.
 * @param code - the error to raise: SIDECAR_E_PARSE for manifests, or the code of the file's kind
 * @returns the input, whole
 * @throws SidecarError `code`, worded by the parser and located at the document's file:line:col
 */
export function requireWhole<T extends Pick<LoadedInput, 'documents'>>(
  input: T,
  code: Extract<ErrorCode, 'SIDECAR_E_PARSE' | 'SIDECAR_E_SCENARIO' | 'SIDECAR_E_CATALOG'>,
  what?: (file: string) => string,
): T {
  const bad = input.documents.find((d) => d.error !== undefined);
  if (bad?.error !== undefined) {
    const message = errorMessage('SIDECAR_E_PARSE', 'syntax', bad.error.message);
    throw new SidecarError(code, what === undefined ? message : `${what(bad.file)}: ${message}`, {
      file: bad.file,
      line: bad.error.line,
      column: bad.error.column,
    });
  }
  return input;
}

/**
 * `-n/--namespace` as kubectl applies it: objects without a namespace get `namespace`; an object
 * in another namespace is refused (kubectl: "the namespace from the provided object ... does not
 * match"). Without a namespace, the input as it is.
 * @throws SidecarError SIDECAR_E_USAGE for an object of another namespace
 */
export function withNamespace<T extends Pick<LoadedInput, 'objects'>>(
  input: T,
  namespace: string | undefined,
): T {
  if (namespace === undefined || namespace === '') return input;
  const objects = input.objects.map((o) => {
    if (o.namespace === '') return { ...o, namespace };
    if (o.namespace !== namespace)
      throw new SidecarError(
        'SIDECAR_E_USAGE',
        `the namespace from the provided object "${o.namespace}" does not match the namespace "${namespace}": pass --namespace=${o.namespace}`,
      );
    return o;
  });
  return { ...input, objects };
}
