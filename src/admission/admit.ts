/**
 * The one admission function: what kube-apiserver does to a Pod or workload between decoding and
 * storage, for `sidecarctl serve` (in process) and the admission webhook (issue 11).
 *
 * 1. decode: fields the version does not know, under the request's field validation;
 * 2. mutate (CREATE only, as injectors do): inject the sidecars the object asks for, exactly as
 *    `sidecarctl inject` with its defaults (mode auto, no --with), then, where the version has
 *    native sidecars, migrate classic ones as `sidecarctl migrate`;
 * 3. validate: the `api` rules of the version (src/api), refused with the API server's Status.
 *
 * No I/O beyond loading the catalog files once per options object; never throws.
 */
import { SidecarError } from '../errors.js';
import { injectObject } from '../inject/inject.js';
import { isRecord } from '../manifest/objects.js';
import { migrateObject } from '../migrate/migrate.js';
import { diffPatch, type Patch } from '../rewrite/patch.js';
import type { RuleFinding } from '../rules/rule.js';
import { apiFindings } from './api-findings.js';
import {
  badRequest,
  decodeStatus,
  internalError,
  invalidStatus,
  objectKind,
  strictDecodingStatus,
} from './api-status.js';
import { catalogOf } from './catalog-cache.js';
import type { AdmissionOptions, AdmissionResult, ApiStatus } from './types.js';
import { dropUnknownFields } from './unknown-fields.js';

export type { AdmissionOptions, AdmissionResult, ApiStatus } from './types.js';

type Obj = Readonly<Record<string, unknown>>;

/**
 * Admits an object as the API server of `options.version` would (with sidecarctl's injection
 * and migration as mutating admission when asked).
 * @returns allowed with the RFC 6902 patch and the admitted object, or refused with a Status
 */
export function admit(object: Obj, options: AdmissionOptions): AdmissionResult {
  try {
    return admitOrRefuse(object, options);
  } catch (e) {
    // SidecarError: the object asks for something the version cannot do (sidecarctl.io/mode:
    // native below 1.29) or the catalog is broken; anything else is our bug, never a crash.
    const status =
      e instanceof SidecarError
        ? badRequest(e.message)
        : internalError(e instanceof Error ? e.message : String(e));
    return refused(object, status, []);
  }
}

function refused(object: Obj, status: ApiStatus, warnings: readonly string[]): AdmissionResult {
  return { allowed: false, patch: [], object, warnings, status };
}

function admitOrRefuse(object: Obj, options: AdmissionOptions): AdmissionResult {
  const catalog = catalogOf(options);
  const kind = objectKind(object);
  const warnings: string[] = [];
  const first = apiFindings(forValidation(object, options), options.version, catalog);
  const decodeErrors = first.filter((f) => f.rule === 'api-decode');
  if (decodeErrors.length > 0) return refused(object, decodeStatus(kind, decodeErrors), []);
  const unknown = first.filter((f) => f.rule === 'api-unknown-field');
  const directive = options.fieldValidation ?? 'Strict';
  if (unknown.length > 0 && directive === 'Strict') {
    const messages = unknown.map((f) => f.message);
    return refused(object, strictDecodingStatus(kind, messages), []);
  }
  if (directive === 'Warn') warnings.push(...unknown.map((f) => f.message));
  const decoded = dropUnknownFields(object, unknown);
  const mutated = options.operation === 'CREATE' ? mutate(decoded, options, warnings) : undefined;
  const admitted = mutated?.object ?? decoded;
  const findings: RuleFinding[] =
    admitted === object && unknown.length === 0
      ? first
      : apiFindings(forValidation(admitted, options), options.version, catalog);
  if (findings.length > 0) return refused(object, invalidStatus(kind, findings), warnings);
  const patch =
    admitted === object ? [] : decoded === object && mutated !== undefined ? mutated.patch : null;
  return {
    allowed: true,
    patch: patch ?? diffPatch(object, admitted),
    object: admitted,
    warnings,
  };
}

interface Mutated {
  readonly object: Obj;
  /** From the decoded object to the mutated one. */
  readonly patch: Patch;
}

/** Injection then migration, as asked; warnings are added to `warnings`. */
function mutate(object: Obj, options: AdmissionOptions, warnings: string[]): Mutated {
  const catalog = catalogOf(options);
  let current = object;
  let patch: Patch = [];
  let steps = 0;
  if (options.inject === true) {
    const r = injectObject(current, catalog, {
      version: options.version,
      mode: options.mode ?? 'auto',
      with: [],
    });
    warnings.push(...r.warnings);
    if (r.patch.length > 0) [current, patch, steps] = [r.object, r.patch, steps + 1];
  }
  if (options.migrate === true && options.version.sidecars) {
    const r = migrateObject(current, catalog, { version: options.version });
    warnings.push(...r.warnings);
    if (r.patch.length > 0) [current, patch, steps] = [r.object, r.patch, steps + 1];
  }
  return { object: current, patch: steps > 1 ? diffPatch(object, current) : patch };
}

/** The object as validated: in the request's namespace when it names none. */
function forValidation(object: Obj, options: AdmissionOptions): Obj {
  const md = object['metadata'];
  if (options.namespace === undefined || !isRecord(md) || md['namespace'] !== undefined)
    return object;
  return { ...object, metadata: { ...md, namespace: options.namespace } };
}
