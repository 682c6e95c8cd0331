/**
 * Pod volumes and container volumeMounts: validation.go ValidateVolumes (names only: the volume
 * sources are not checked here), ValidateVolumeMounts, validateLocalDescendingPath,
 * validatePathNoBacksteps and validateMountPropagation.
 */
import { isRecord } from '../manifest/objects.js';
import { child, index, report, type ApiCheck } from './check-context.js';
import { readBool, readObjectList, readString } from './decode.js';
import { duplicate, forbidden, invalid, notFound, notSupported, required } from './field-error.js';
import { dns1123LabelErrors } from './names.js';
import { checkUnknownFields } from './unknown-fields.js';

/**
 * ValidateVolumes: returns the names of the volumes that validated (only those can be mounted:
 * a volume with a bad or duplicate name is left out of the map, so mounting it is `Not found`).
 */
export function checkVolumes(c: ApiCheck, path: string, value: unknown): Set<string> {
  const names = new Set<string>();
  const volumes = readObjectList(c, path, value) ?? [];
  volumes.forEach((vol, i) => {
    if (vol === undefined) return;
    const namePath = child(index(path, i), 'name');
    const name = readString(c, namePath, vol['name']) ?? '';
    const errs: string[] = [];
    if (name.length === 0) errs.push(required());
    else errs.push(...dns1123LabelErrors(name, c.version).map((m) => invalid(name, m)));
    if (names.has(name)) errs.push(duplicate(name));
    if (errs.length === 0) names.add(name);
    for (const e of errs) report(c, 'api-volumes', namePath, e);
  });
  return names;
}

function checkLocalDescendingPath(c: ApiCheck, path: string, target: string): void {
  if (target.startsWith('/'))
    report(c, 'api-volume-mounts', path, invalid(target, 'must be a relative path'));
  if (target.split('/').includes('..'))
    report(c, 'api-volume-mounts', path, invalid(target, "must not contain '..'"));
}

const PROPAGATIONS = ['Bidirectional', 'HostToContainer', 'None'];

/**
 * ValidateVolumeMounts for one container. Note that Kubernetes reports subPath, subPathExpr and
 * mountPropagation problems at `volumeMounts.subPath` etc., without the mount's index (it passes
 * the list's path, not the item's), and we keep that.
 * @param privileged the container's securityContext.privileged, for Bidirectional propagation
 */
export function checkVolumeMounts(
  c: ApiCheck,
  path: string,
  value: unknown,
  volumes: ReadonlySet<string>,
  privileged: boolean,
): void {
  const mounts = readObjectList(c, path, value) ?? [];
  const mountPoints = new Set<string>();
  mounts.forEach((m, i) => {
    if (m === undefined) return;
    const idx = index(path, i);
    checkUnknownFields(c, idx, m, 'VolumeMount');
    const name = readString(c, child(idx, 'name'), m['name']) ?? '';
    const mountPath = readString(c, child(idx, 'mountPath'), m['mountPath']) ?? '';
    const subPath = readString(c, child(idx, 'subPath'), m['subPath']) ?? '';
    const subPathExpr = readString(c, child(idx, 'subPathExpr'), m['subPathExpr']) ?? '';
    readBool(c, child(idx, 'readOnly'), m['readOnly']);
    const propagation = readString(c, child(idx, 'mountPropagation'), m['mountPropagation']);
    if (name.length === 0) report(c, 'api-volume-mounts', child(idx, 'name'), required());
    if (!volumes.has(name)) report(c, 'api-volume-mounts', child(idx, 'name'), notFound(name));
    if (mountPath.length === 0) report(c, 'api-volume-mounts', child(idx, 'mountPath'), required());
    if (mountPoints.has(mountPath))
      report(c, 'api-volume-mounts', child(idx, 'mountPath'), invalid(mountPath, 'must be unique'));
    mountPoints.add(mountPath);
    if (subPath.length > 0) checkLocalDescendingPath(c, child(path, 'subPath'), subPath);
    if (subPathExpr.length > 0) {
      if (subPath.length > 0) {
        report(
          c,
          'api-volume-mounts',
          child(idx, 'subPathExpr'),
          invalid(subPathExpr, 'subPathExpr and subPath are mutually exclusive'),
        );
      }
      checkLocalDescendingPath(c, child(path, 'subPathExpr'), subPathExpr);
    }
    if (propagation !== undefined) {
      const pp = child(path, 'mountPropagation');
      if (!PROPAGATIONS.includes(propagation))
        report(c, 'api-volume-mounts', pp, notSupported(propagation, PROPAGATIONS));
      else if (propagation === 'Bidirectional' && !privileged) {
        report(
          c,
          'api-volume-mounts',
          pp,
          forbidden('Bidirectional mount propagation is available only to privileged containers'),
        );
      }
    }
  });
}

/** securityContext.privileged of a container, when it is literally true. */
export function isPrivileged(container: Readonly<Record<string, unknown>>): boolean {
  const sc = container['securityContext'];
  return isRecord(sc) && sc['privileged'] === true;
}
