/**
 * Probes: validation.go validateProbe, validateLivenessProbe, validateReadinessProbe and
 * validateStartupProbe (1.28+; in 1.25-1.27 the same checks sit inline in validateContainers with
 * the same paths and messages: kubernetes/kubernetes validation.go at v1.27, validateContainers).
 * Numeric fields are defaulted first (SetDefaults_Probe: timeoutSeconds 1, periodSeconds 10,
 * successThreshold 1, failureThreshold 3 when 0), so only negative values fail.
 */
import { child, report, type ApiCheck } from './check-context.js';
import { readInt, readObject } from './decode.js';
import { invalid, IS_NEGATIVE_ERROR_MSG } from './field-error.js';
import { checkHandler } from './handlers.js';
import { checkUnknownFields } from './unknown-fields.js';

export type ProbeKind = 'livenessProbe' | 'readinessProbe' | 'startupProbe';
export const PROBE_KINDS: readonly ProbeKind[] = [
  'livenessProbe',
  'readinessProbe',
  'startupProbe',
];

const DEFAULTS = {
  initialDelaySeconds: 0,
  timeoutSeconds: 1,
  periodSeconds: 10,
  successThreshold: 1,
  failureThreshold: 3,
};
type NumericField = keyof typeof DEFAULTS;
const NUMERIC = Object.keys(DEFAULTS) as NumericField[];

/** Validates the probe at `path` (the container's `livenessProbe` etc.); absent/null is fine. */
export function checkProbe(
  c: ApiCheck,
  kind: ProbeKind,
  path: string,
  value: unknown,
  grace: number,
): void {
  const probe = readObject(c, path, value);
  if (probe === undefined) return;
  checkUnknownFields(c, path, probe, 'Probe');
  checkHandler(c, 'api-probe', 'probe', path, probe, grace);
  const nums = {} as Record<NumericField, number>;
  for (const f of NUMERIC) {
    const v = readInt(c, child(path, f), probe[f], 32) ?? 0;
    nums[f] = v === 0 ? DEFAULTS[f] : v;
    // ValidateNonnegativeField (apimachinery pkg/api/validation): the value printed as int64.
    if (nums[f] < 0)
      report(c, 'api-probe', child(path, f), invalid(nums[f], IS_NEGATIVE_ERROR_MSG));
  }
  const tgpsPath = child(path, 'terminationGracePeriodSeconds');
  const tgps = readInt(c, tgpsPath, probe['terminationGracePeriodSeconds'], 64);
  if (tgps !== undefined && tgps <= 0)
    report(c, 'api-probe', tgpsPath, invalid(tgps, 'must be greater than 0'));
  if (kind === 'readinessProbe') {
    if (tgps !== undefined)
      report(c, 'api-probe', tgpsPath, invalid(tgps, 'must not be set for readinessProbes'));
  } else if (nums.successThreshold !== 1) {
    report(
      c,
      'api-probe',
      child(path, 'successThreshold'),
      invalid(nums.successThreshold, 'must be 1'),
    );
  }
}
