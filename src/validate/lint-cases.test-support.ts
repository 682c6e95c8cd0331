import type { Catalog } from '../catalog/types.js';
import { fromText } from '../manifest/load.js';
import { resolveVersion, type K8sVersion } from '../model/versions.js';
import type { Diagnostic } from '../rules/diagnostic.js';
import { validateInput } from './validate.js';

/** The diagnostics of one rule for a manifest, validated end to end at a version. */
export function lint(
  yaml: string,
  rule: string,
  version: K8sVersion = '1.33',
  gates: Record<string, boolean> = {},
  catalog?: Catalog,
): Diagnostic[] {
  const report = validateInput(fromText(yaml), {
    version: resolveVersion(version, gates),
    ...(catalog !== undefined ? { catalog } : {}),
  });
  return report.objects.flatMap((o) => o.diagnostics).filter((d) => d.rule === rule);
}
