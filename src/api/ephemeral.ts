/**
 * Ephemeral containers: validation.go validateEphemeralContainers (common validation, unique
 * names across all three lists, targetContainerName, the field allow-list
 * allowedEphemeralContainerFields, no subPath/subPathExpr), and where they may not appear at all:
 * ValidatePodTemplateSpec ("ephemeral containers not allowed in pod template") and
 * ValidatePodCreate ("cannot be set on create": they are added through the
 * pods/ephemeralcontainers subresource only).
 */
import { isRecord } from '../manifest/objects.js';
import { child, decodeOnly, index, report, type ApiCheck } from './check-context.js';
import { readObjectList, readString } from './decode.js';
import { duplicate, forbidden, notFound } from './field-error.js';
import { checkContainerCommon, resizePolicyKept } from './containers.js';
import { checkLifecycle, lifecycleKept } from './lifecycle-hooks.js';
import { checkProbe, PROBE_KINDS } from './probes.js';
import { checkUnknownFields, hasField } from './unknown-fields.js';

const NOT_ALLOWED = 'cannot be set for an Ephemeral Container';

/**
 * Whether a field counts as set for validateFieldAllowList (differs from its zero value). We
 * only count clearly set values: an empty list or `resources: {}` is not reported.
 */
function isSet(v: unknown): boolean {
  if (v === undefined || v === null) return false;
  if (Array.isArray(v)) return v.length > 0;
  if (isRecord(v)) return Object.values(v).some((x) => x !== undefined && x !== null);
  return true;
}

export function checkEphemeralContainers(
  c: ApiCheck,
  specPath: string,
  value: unknown,
  otherNames: readonly string[],
  volumes: ReadonlySet<string>,
  isPod: boolean,
): void {
  const path = child(specPath, 'ephemeralContainers');
  const list = readObjectList(c, path, value);
  if (list === undefined || list.length === 0) return;
  if (isPod) report(c, 'api-ephemeral-container', path, forbidden('cannot be set on create'));
  else
    report(
      c,
      'api-ephemeral-container',
      path,
      forbidden('ephemeral containers not allowed in pod template'),
    );
  const others = new Set(otherNames);
  const all = new Set(otherNames);
  list.forEach((ec, i) => {
    if (ec === undefined) return;
    const idx = index(path, i);
    checkUnknownFields(c, idx, ec, 'EphemeralContainer');
    // validateContainerOnlyForPod applies to ephemeral containers in templates too.
    const info = checkContainerCommon(c, idx, ec, volumes, true);
    if (all.has(info.name))
      report(c, 'api-container-name', child(idx, 'name'), duplicate(info.name));
    else all.add(info.name);
    const target =
      readString(c, child(idx, 'targetContainerName'), ec['targetContainerName']) ?? '';
    if (target !== '' && !others.has(target))
      report(c, 'api-ephemeral-container', child(idx, 'targetContainerName'), notFound(target));
    // validateFieldAllowList walks the struct in field order.
    const forbiddenFields: [string, boolean][] = [
      ['ports', isSet(ec['ports'])],
      ['resources', isSet(ec['resources'])],
      ['resizePolicy', resizePolicyKept(c, ec) && isSet(ec['resizePolicy'])],
      [
        'restartPolicy',
        hasField(c.version, 'EphemeralContainer', 'restartPolicy') &&
          typeof ec['restartPolicy'] === 'string',
      ],
      ['livenessProbe', isRecord(ec['livenessProbe'])],
      ['readinessProbe', isRecord(ec['readinessProbe'])],
      ['startupProbe', isRecord(ec['startupProbe'])],
      ['lifecycle', isRecord(ec['lifecycle']) && lifecycleKept(c, ec['lifecycle'])],
    ];
    decodeOnly(c, (scratch) => {
      checkLifecycle(scratch, child(idx, 'lifecycle'), ec['lifecycle'], 30);
      for (const k of PROBE_KINDS) checkProbe(scratch, k, child(idx, k), ec[k], 30);
    });
    for (const [f, set] of forbiddenFields)
      if (set) report(c, 'api-ephemeral-container', child(idx, f), forbidden(NOT_ALLOWED));
    const mounts = ec['volumeMounts'];
    if (Array.isArray(mounts)) {
      mounts.forEach((m: unknown, j: number) => {
        if (!isRecord(m)) return;
        for (const f of ['subPath', 'subPathExpr']) {
          if (typeof m[f] === 'string' && m[f] !== '') {
            report(
              c,
              'api-ephemeral-container',
              child(index(child(idx, 'volumeMounts'), j), f),
              forbidden(NOT_ALLOWED),
            );
          }
        }
      });
    }
  });
}
