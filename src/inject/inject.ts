/**
 * Injection: a pure function of (object, catalog, options) that returns the new object and the
 * RFC 6902 patch from the old one, plus why each entry was or was not injected. The CLI edits
 * files with the patch; an admission webhook returns it as is.
 *
 * A short pipeline over the pod template: what the pod asks for (request.ts), which entries go
 * in and made concrete (decide.ts), where their containers, volumes and mounts go (place.ts),
 * then the annotations: the entries' own, kubectl's default container when a classic proxy went
 * first, and the status that makes a re-run a no-op (status.ts).
 */
import { displayValue } from '../model/record.js';
import type { Catalog } from '../catalog/types.js';
import { getIn, setIn } from '../manifest/json-path.js';
import { isRecord, objectFromValue, runsToCompletion } from '../manifest/objects.js';
import { containersShapeProblem, podTemplateOf } from '../manifest/pod-templates.js';
import type { VersionInfo } from '../model/versions.js';
import { diffPatch, type Patch } from '../rewrite/patch.js';
import { annotationsAfter } from './annotations.js';
import { decide, noteInjected } from './decide.js';
import { namesOf, placeContainers, placeVolumes, type Placed } from './place.js';
import {
  modeReason,
  noteMisplacedRequest,
  requested,
  resolveMode,
  stringMap,
  type InjectDecision,
  type InjectMode,
  type Notes,
} from './request.js';
import { digestOf, parseStatus, sameAsBefore, STATUS_ANNOTATION, uninjected } from './status.js';

export { INJECT_ANNOTATION, MODE_ANNOTATION } from './request.js';
export type { InjectDecision, InjectMode } from './request.js';
export { parseStatus, STATUS_ANNOTATION, type InjectStatus } from './status.js';

export interface InjectOptions {
  readonly version: VersionInfo;
  /** @default 'auto' */
  readonly mode?: InjectMode;
  /** Entries to inject into every pod template (`--with`), besides what annotations ask. */
  readonly with?: readonly string[];
}

export interface InjectResult {
  /** The object after injection (the input itself when nothing changed). */
  readonly object: Readonly<Record<string, unknown>>;
  readonly patch: Patch;
  /** Null for objects without a pod template. */
  readonly mode: 'native' | 'classic' | null;
  readonly decisions: InjectDecision[];
  readonly warnings: string[];
}

type Obj = Record<string, unknown>;

/** `Kind/name` (or the generateName) for messages. */
function podLabel(object: Readonly<Obj>): string {
  const name = getIn(object, ['metadata', 'name']) ?? getIn(object, ['metadata', 'generateName']);
  return `${displayValue(object['kind'])}/${displayValue(name)}`;
}

/**
 * Injects the catalog entries an object's pod template asks for.
 * @throws SidecarError SIDECAR_E_INJECT_MODE when native mode is forced on a version without sidecars
 */
export function injectObject(
  object: Readonly<Obj>,
  catalog: Catalog,
  options: InjectOptions,
): InjectResult {
  const notes: Notes = { decisions: [], warnings: [] };
  const unchanged = (mode: 'native' | 'classic' | null): InjectResult => ({
    object,
    patch: [],
    mode,
    ...notes,
  });
  const template = podTemplateOf(objectFromValue(object));
  if (template === null || !isRecord(template.spec)) return unchanged(null);
  const pod = podLabel(object);
  const annotations = stringMap(template.podMetadata['annotations']);
  const wanted = requested(annotations, options.with ?? [], catalog);
  if (wanted.length === 0) {
    noteMisplacedRequest(template, pod, catalog, notes);
    return unchanged(null);
  }
  const mode = resolveMode(options, annotations, pod);
  const problem = containersShapeProblem(template.spec);
  if (problem !== null) {
    notes.warnings.push(`${pod}: ${problem}; left unchanged (sidecarctl validate tells more)`);
    return unchanged(mode);
  }
  const previous = parseStatus(annotations[STATUS_ANNOTATION]);
  // A copy of the spec's top level: placing only assigns its lists anew and never changes an
  // object it was given, so what stays untouched stays the same object and the patch below
  // (rfc6902 stops at identical values) looks only at what changed.
  const spec = previous === undefined ? { ...template.spec } : uninjected(template.spec, previous);
  const completes = runsToCompletion(object, spec);
  const taken = [...namesOf(spec['initContainers']), ...namesOf(spec['containers'])];
  const input = { wanted, catalog, annotations, previous, mode, completes, taken, pod };
  const expansions = decide(input, notes);
  if (expansions.length === 0) return unchanged(mode);
  const digest = digestOf(mode, expansions);
  if (sameAsBefore(previous, digest, expansions, notes)) return unchanged(mode);
  noteInjected(expansions, mode, completes, options.version, pod, notes);
  const appNames = namesOf(spec['containers']);
  const placed: Placed = {
    ...placeContainers(spec, expansions, mode),
    volumes: placeVolumes(spec, expansions, appNames),
  };
  if (placed.cycle)
    notes.warnings.push(
      `${pod}: the catalog ordering constraints contradict each other; kept the request order`,
    );
  const skipped = Object.fromEntries(
    notes.decisions.filter((d) => !d.injected).map((d) => [d.entry, d.reason]),
  );
  const why = modeReason(options, annotations, mode);
  const stamp = { mode, why, digest, skipped };
  const podAnnotations = annotationsAfter(template, expansions, placed, stamp, appNames);
  const withSpec = setIn(object, template.specPath, spec); // copies along the path only
  const after = setIn(withSpec, [...template.metadataPath, 'annotations'], podAnnotations);
  return { object: after, patch: diffPatch(object, after), mode, ...notes };
}
