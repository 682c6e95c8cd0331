import { parseSource, type ManifestDocument } from './parse.js';
import { objectsOf, type ManifestObject } from './objects.js';
import { readSources, type SourceFile } from './source.js';
import { SidecarError } from '../errors.js';

/** Everything read from the user's arguments. */
export interface LoadedInput {
  readonly sources: readonly SourceFile[];
  readonly documents: readonly ManifestDocument[];
  readonly objects: readonly ManifestObject[];
}

/**
 * Reads, parses and splits the inputs. Syntax errors stay on their documents (so callers report
 * them and go on); unreadable paths throw SIDECAR_E_READ.
 */
export function loadInputs(args: readonly string[], readStdin?: () => string): LoadedInput {
  const sources = readStdin === undefined ? readSources(args) : readSources(args, readStdin);
  if (sources.length === 0) {
    throw new SidecarError(
      'SIDECAR_E_NO_INPUT',
      `no manifest files (*.yaml, *.yml, *.json) in ${args.join(', ')}`,
    );
  }
  return fromSources(sources);
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
