import { builtinCatalog } from '../catalog/builtin.js';
import type { Catalog } from '../catalog/types.js';
import type { LoadedInput } from '../manifest/load.js';
import { locateField, type ManifestObject } from '../manifest/objects.js';
import { podTemplateOf } from '../manifest/pod-templates.js';
import { classifyContainers } from '../model/containers.js';
import type { VersionInfo } from '../model/versions.js';
import type { Diagnostic } from '../rules/diagnostic.js';
import { allRules, allRuleSets, SYNTAX_RULE } from './registry.js';
import type { RuleContext, RuleMeta } from '../rules/rule.js';

/** One object of the report (a document, a List item, or a document that could not be read). */
export interface ObjectReport {
  readonly file: string;
  readonly index: number;
  readonly item?: number;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly diagnostics: Diagnostic[];
}

/** The `validate -o json` document (docs/contracts.md). */
export interface ValidationReport {
  readonly k8sVersion: string;
  readonly featureGates: Readonly<Record<string, boolean>>;
  readonly objects: ObjectReport[];
  readonly errors: number;
  readonly warnings: number;
}

export interface ValidateOptions {
  readonly version: VersionInfo;
  /** Enabled rule ids; every default rule when omitted. */
  readonly enabled?: ReadonlySet<string>;
  /** The sidecars lint recognises (`--catalog`). @default the built-in catalog */
  readonly catalog?: Catalog;
}

/**
 * Validates every pod template of the input as the API server of `version` would, plus the
 * lint rules. Documents with syntax errors are reported and the rest still checked.
 */
export function validateInput(input: LoadedInput, options: ValidateOptions): ValidationReport {
  const metas = new Map<string, RuleMeta>(allRules().map((r) => [r.id, r]));
  const enabled = options.enabled;
  const isOn = (id: string): boolean =>
    enabled === undefined ? metas.get(id)?.enabledByDefault !== false : enabled.has(id);
  const shared: Shared = {
    version: options.version,
    objects: input.objects,
    catalog: options.catalog ?? builtinCatalog(),
  };
  const objects: ObjectReport[] = [];
  const byDocument = new Map<object, ManifestObject[]>();
  for (const o of input.objects) {
    const list = byDocument.get(o.document) ?? [];
    list.push(o);
    byDocument.set(o.document, list);
  }
  for (const doc of input.documents) {
    if (doc.error !== undefined) {
      const diagnostics: Diagnostic[] = isOn(SYNTAX_RULE.id)
        ? [
            {
              category: 'syntax',
              rule: SYNTAX_RULE.id,
              severity: 'error',
              field: '',
              message: doc.error.message,
              file: doc.file,
              line: doc.error.line,
              column: doc.error.column,
            },
          ]
        : [];
      objects.push({
        file: doc.file,
        index: doc.index,
        kind: '',
        namespace: '',
        name: '',
        diagnostics,
      });
      continue;
    }
    for (const obj of byDocument.get(doc) ?? []) {
      objects.push({
        file: doc.file,
        index: doc.index,
        ...(obj.item !== undefined ? { item: obj.item } : {}),
        kind: obj.kind,
        namespace: obj.namespace,
        name: obj.name,
        diagnostics: validateObject(obj, shared, isOn, metas),
      });
    }
  }
  let errors = 0;
  let warnings = 0;
  for (const o of objects) {
    for (const d of o.diagnostics) {
      if (d.severity === 'error') errors++;
      else if (d.severity === 'warning') warnings++;
    }
  }
  return {
    k8sVersion: options.version.version,
    featureGates: options.version.featureGates,
    objects,
    errors,
    warnings,
  };
}

/** What every template's rule context shares. */
type Shared = Pick<RuleContext, 'version' | 'objects' | 'catalog'>;

function validateObject(
  obj: ManifestObject,
  shared: Shared,
  isOn: (id: string) => boolean,
  metas: ReadonlyMap<string, RuleMeta>,
): Diagnostic[] {
  const template = podTemplateOf(obj);
  if (template === null) return [];
  const ctx: RuleContext = {
    ...shared,
    template,
    containers: classifyContainers(template.spec, shared.version),
  };
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  for (const set of allRuleSets()) {
    for (const f of set.check(ctx)) {
      if (!isOn(f.rule)) continue;
      const meta = metas.get(f.rule);
      const category = meta?.category ?? 'api';
      const key = `${f.rule}\u0000${f.field}\u0000${f.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const pos = locateField(obj, f.field);
      out.push({
        category,
        rule: f.rule,
        severity: f.severity ?? meta?.severity ?? 'error',
        field: f.field,
        message: f.message,
        file: obj.document.file,
        line: pos.line,
        column: pos.column,
      });
    }
  }
  // In file order, as compilers and kubeconform print them (sort is stable: API errors keep
  // their validation order on the same line).
  return out.sort((a, b) => a.line - b.line || a.column - b.column);
}
