/**
 * The API server's validation of one object, as `sidecarctl validate` runs it but only the `api`
 * category (what kube-apiserver rejects), in validation order, each finding once.
 */
import { apiRuleSet } from '../api/index.js';
import type { Catalog } from '../catalog/types.js';
import { objectFromValue } from '../manifest/objects.js';
import { podTemplateOf } from '../manifest/pod-templates.js';
import { classifyContainers } from '../model/containers.js';
import type { VersionInfo } from '../model/versions.js';
import type { RuleFinding } from '../rules/rule.js';

/** The API server's findings for an object's pod template ([] for objects without one). */
export function apiFindings(
  value: Readonly<Record<string, unknown>>,
  version: VersionInfo,
  catalog: Catalog,
): RuleFinding[] {
  const object = objectFromValue(value);
  const template = podTemplateOf(object);
  if (template === null) return [];
  const findings = apiRuleSet.check({
    template,
    version,
    containers: classifyContainers(template.spec, version),
    objects: [object],
    catalog,
  });
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.rule}\u0000${f.field}\u0000${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
