import { allRules } from './registry.js';
import type { Diagnostic } from '../rules/diagnostic.js';
import { escapeControl } from '../manifest/escape.js';
import type { ValidationReport } from './validate.js';

/** All diagnostics of a report, in file order. */
export function diagnosticsOf(report: ValidationReport): Diagnostic[] {
  return report.objects.flatMap((o) => o.diagnostics);
}

/** `file:line:col: severity[rule]: message (field)`, one per line, then a summary line. */
export function formatText(report: ValidationReport): string {
  const lines = diagnosticsOf(report).map((d) =>
    escapeControl(
      `${d.file}:${String(d.line)}:${String(d.column)}: ${d.severity}[${d.rule}]: ${d.message}${d.field ? ` (${d.field})` : ''}`,
    ),
  );
  const templates = report.objects.length;
  lines.push(
    `${String(report.errors)} error(s), ${String(report.warnings)} warning(s) in ${String(templates)} object(s) (Kubernetes ${report.k8sVersion})`,
  );
  return lines.join('\n') + '\n';
}

export function formatJson(report: ValidationReport): string {
  return JSON.stringify(report, null, 2) + '\n';
}

const SARIF_LEVEL = { error: 'error', warning: 'warning', info: 'note' } as const;

/** SARIF 2.1.0, as GitHub code scanning reads it. */
export function formatSarif(report: ValidationReport, toolVersion: string): string {
  const rules = allRules();
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'sidecarctl',
            version: toolVersion,
            informationUri:
              'https://kubernetes.io/docs/concepts/workloads/pods/sidecar-containers/',
            rules: rules.map((r) => ({
              id: r.id,
              name: r.id,
              shortDescription: { text: r.doc },
              defaultConfiguration: { level: SARIF_LEVEL[r.severity] },
              properties: { category: r.category },
            })),
          },
        },
        properties: { k8sVersion: report.k8sVersion, featureGates: report.featureGates },
        results: diagnosticsOf(report).map((d) => ({
          ruleId: d.rule,
          ruleIndex: index.get(d.rule) ?? 0,
          level: SARIF_LEVEL[d.severity],
          message: { text: d.field ? `${d.field}: ${d.message}` : d.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: d.file === '-' ? 'stdin' : d.file.replace(/\\/g, '/') },
                region: { startLine: d.line, startColumn: d.column },
              },
              ...(d.field
                ? { logicalLocations: [{ fullyQualifiedName: d.field, kind: 'member' }] }
                : {}),
            },
          ],
          properties: { category: d.category },
        })),
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}
