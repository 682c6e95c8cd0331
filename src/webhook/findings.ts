/**
 * What the validating webhook says beyond the API server's own refusals: the `compat` and
 * `lifecycle` findings of `sidecarctl validate` (a native sidecar the version drops, a Job that
 * never completes behind a classic sidecar, ...), each as one line `rule: field: message`, split
 * into errors (refused under `--validate deny`) and warnings.
 */
import type { Catalog } from '../catalog/types.js';
import { objectFromValue } from '../manifest/objects.js';
import { podTemplateOf } from '../manifest/pod-templates.js';
import { classifyContainers } from '../model/containers.js';
import type { VersionInfo } from '../model/versions.js';
import type { RuleMeta } from '../rules/rule.js';
import { allRuleSets } from '../validate/registry.js';

const CATEGORIES = new Set(['compat', 'lifecycle']);

export interface LintLines {
  readonly errors: readonly string[];
  readonly warnings: readonly string[];
}

/** The compat and lifecycle findings of one object's pod template, as lines. */
export function lintLines(
  value: Readonly<Record<string, unknown>>,
  version: VersionInfo,
  catalog: Catalog,
): LintLines {
  const object = objectFromValue(value);
  const template = podTemplateOf(object);
  const errors: string[] = [];
  const warnings: string[] = [];
  if (template === null) return { errors, warnings };
  const ctx = {
    template,
    version,
    containers: classifyContainers(template.spec, version),
    objects: [object],
    catalog,
  };
  for (const set of allRuleSets()) {
    const metas = new Map<string, RuleMeta>(set.rules.map((r) => [r.id, r]));
    if (![...metas.values()].some((m) => CATEGORIES.has(m.category))) continue;
    for (const f of set.check(ctx)) {
      const meta = metas.get(f.rule);
      if (meta === undefined || !CATEGORIES.has(meta.category) || meta.enabledByDefault === false)
        continue;
      const severity = f.severity ?? meta.severity;
      if (severity === 'info') continue;
      (severity === 'error' ? errors : warnings).push(`${f.rule}: ${f.field}: ${f.message}`);
    }
  }
  return { errors, warnings };
}
