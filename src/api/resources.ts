/**
 * Container resources: validation.go ValidateResourceRequirements (ValidateContainerResourceRequirements
 * in newer releases), validateContainerResourceName, validateResourceName and
 * ValidateResourceQuantityValue; helper functions from pkg/apis/core/helper/helpers.go
 * (IsNativeResource, IsHugePageResourceName, IsExtendedResourceName, IsOvercommitAllowed,
 * IsStandardContainerResourceName, IsStandardResourceName).
 */
import { formatQuantity, compareQuantities, type Quantity } from '../model/quantity.js';
import { child, key, report, type ApiCheck } from './check-context.js';
import { readObject, readQuantity } from './decode.js';
import { forbidden, invalid, IS_NEGATIVE_ERROR_MSG, required } from './field-error.js';
import { qualifiedNameErrors } from './names.js';
import { checkUnknownFields } from './unknown-fields.js';

const STANDARD_CONTAINER = new Set(['cpu', 'memory', 'ephemeral-storage']);
// helper.standardResources (ResourceQuota and LimitRange names included).
const STANDARD = new Set([
  'cpu',
  'memory',
  'ephemeral-storage',
  'requests.cpu',
  'requests.memory',
  'requests.ephemeral-storage',
  'limits.cpu',
  'limits.memory',
  'limits.ephemeral-storage',
  'pods',
  'services',
  'replicationcontrollers',
  'resourcequotas',
  'secrets',
  'configmaps',
  'persistentvolumeclaims',
  'storage',
  'requests.storage',
  'services.nodeports',
  'services.loadbalancers',
]);

export function isHugePages(name: string): boolean {
  return name.startsWith('hugepages-');
}

/** IsNativeResource: no domain, or a `kubernetes.io/` one. */
export function isNative(name: string): boolean {
  return !name.includes('/') || name.includes('kubernetes.io/');
}

/** IsExtendedResourceName: not native, not `requests.`-prefixed, and a qualified name. */
export function isExtended(name: string): boolean {
  if (isNative(name) || name.startsWith('requests.')) return false;
  return qualifiedNameErrors(`requests.${name}`).length === 0;
}

/** IsOvercommitAllowed: native resources other than hugepages. */
export function isOvercommitAllowed(name: string): boolean {
  return isNative(name) && !isHugePages(name);
}

function checkResourceName(c: ApiCheck, path: string, name: string): void {
  const errs = qualifiedNameErrors(name).map((m) => invalid(name, m));
  const bare = !name.includes('/');
  if (
    errs.length === 0 &&
    bare &&
    !STANDARD.has(name) &&
    !isHugePages(name) &&
    !name.startsWith('requests.hugepages-')
  ) {
    errs.push(invalid(name, 'must be a standard resource type or fully qualified'));
  }
  if (bare) {
    if (!STANDARD_CONTAINER.has(name) && !isHugePages(name))
      errs.push(invalid(name, 'must be a standard resource for containers'));
  } else if (!isNative(name) && !isExtended(name)) {
    errs.push(invalid(name, "doesn't follow extended resource name standard"));
  }
  for (const e of errs) report(c, 'api-resources', path, e);
}

/** ValidateResourceQuantityValue: non-negative, and whole for extended resources. */
function checkQuantityValue(c: ApiCheck, path: string, name: string, q: Quantity): void {
  if (q.nanos < 0n)
    report(c, 'api-resources', path, invalid(formatQuantity(q), IS_NEGATIVE_ERROR_MSG));
  // IsIntegerResourceName: extended resources must be whole (MilliValue() % 1000 == 0).
  // The server prints the Quantity itself here; we print its canonical string.
  if (isExtended(name) && q.nanos % 1_000_000_000n !== 0n) {
    report(c, 'api-resources', path, invalid(formatQuantity(q), 'must be an integer'));
  }
}

function readList(c: ApiCheck, path: string, value: unknown): Map<string, Quantity> {
  const out = new Map<string, Quantity>();
  const obj = readObject(c, path, value);
  if (obj === undefined) return out;
  for (const [name, v] of Object.entries(obj)) {
    const q = readQuantity(c, key(path, name), v);
    if (q !== undefined) out.set(name, q);
  }
  return out;
}

/** ValidateResourceRequirements for `resources` of a container. */
export function checkResources(c: ApiCheck, path: string, value: unknown): void {
  const res = readObject(c, path, value);
  if (res === undefined) return;
  checkUnknownFields(c, path, res, 'ResourceRequirements');
  const limPath = child(path, 'limits');
  const reqPath = child(path, 'requests');
  const limits = readList(c, limPath, res['limits']);
  const requests = readList(c, reqPath, res['requests']);
  let cpuOrMemory = false;
  let hugePages = false;
  for (const [name, q] of limits) {
    const p = key(limPath, name);
    checkResourceName(c, p, name);
    checkQuantityValue(c, p, name, q);
    if (isHugePages(name)) hugePages = true;
    if (name === 'cpu' || name === 'memory') cpuOrMemory = true;
  }
  for (const [name, q] of requests) {
    const p = key(reqPath, name);
    checkResourceName(c, p, name);
    checkQuantityValue(c, p, name, q);
    const limit = limits.get(name);
    if (limit !== undefined) {
      const cmp = compareQuantities(q, limit);
      // Reported at `resources.requests`, not keyed by the resource name.
      if (cmp !== 0 && !isOvercommitAllowed(name)) {
        report(
          c,
          'api-resources',
          reqPath,
          invalid(formatQuantity(q), `must be equal to ${name} limit of ${formatQuantity(limit)}`),
        );
      } else if (cmp > 0) {
        report(
          c,
          'api-resources',
          reqPath,
          invalid(
            formatQuantity(q),
            `must be less than or equal to ${name} limit of ${formatQuantity(limit)}`,
          ),
        );
      }
    } else if (!isOvercommitAllowed(name)) {
      report(
        c,
        'api-resources',
        limPath,
        required('Limit must be set for non overcommitable resources'),
      );
    }
    if (isHugePages(name)) hugePages = true;
    if (name === 'cpu' || name === 'memory') cpuOrMemory = true;
  }
  if (!cpuOrMemory && hugePages)
    report(c, 'api-resources', path, forbidden('HugePages require cpu or memory'));
}
