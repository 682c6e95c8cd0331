/**
 * The `sidecarctl resources` report: one entry per pod template of the input, printed as JSON
 * (docs/contracts.md: `{"objects":[{"file","index","kind","namespace","name","requests",
 * "limits","containers"}]}`) or as kubectl-style tables.
 */
import type { LoadedInput } from '../manifest/load.js';
import { podTemplateOf } from '../manifest/pod-templates.js';
import { formatQuantity } from '../model/quantity.js';
import type { VersionInfo } from '../model/versions.js';
import { ownValue, setOwn } from '../model/record.js';
import { escapeControl } from '../manifest/escape.js';
import { podResources, type ContainerResources, type ResourceList } from './effective.js';

/** Printed quantities by resource name, in kubectl's order (cpu, memory, then by name). */
export type PrintedList = Record<string, string>;

export interface ContainerReport {
  readonly name: string;
  readonly kind: ContainerResources['kind'];
  readonly requests: PrintedList;
  readonly limits: PrintedList;
}

export interface ResourcesObject {
  readonly file: string;
  readonly index: number;
  readonly item?: number;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly requests: PrintedList;
  readonly limits: PrintedList;
  readonly containers: readonly ContainerReport[];
}

export interface ResourcesReport {
  readonly k8sVersion: string;
  readonly objects: ResourcesObject[];
  /** Per object (same order), what the text output prints besides the table. */
  readonly details: readonly {
    readonly overhead: PrintedList;
    readonly unbounded: readonly string[];
  }[];
}

/** A syntax problem of a document, so the caller can say which files were skipped. */
export interface SkippedDocument {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

const FIRST = ['cpu', 'memory'];

/** Resource names sorted as kubectl prints them. */
export function sortResourceNames(names: Iterable<string>): string[] {
  return [...new Set(names)].sort((a, b) => {
    const ia = FIRST.indexOf(a);
    const ib = FIRST.indexOf(b);
    if (ia >= 0 || ib >= 0) return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib);
    return a < b ? -1 : a > b ? 1 : 0;
  });
}

export function printList(list: ResourceList): PrintedList {
  const out: PrintedList = {};
  for (const name of sortResourceNames(Object.keys(list)))
    setOwn(out, name, formatQuantity(ownValue(list, name)!));
  return out;
}

/** Computes the report for every pod template of the input; other kinds are left out. */
export function resourcesReport(
  input: LoadedInput,
  version: VersionInfo,
): { report: ResourcesReport; skipped: SkippedDocument[] } {
  const objects: ResourcesObject[] = [];
  const details: { overhead: PrintedList; unbounded: readonly string[] }[] = [];
  for (const obj of input.objects) {
    const template = podTemplateOf(obj);
    if (template === null) continue;
    const pod = podResources(template.spec, version);
    objects.push({
      file: obj.document.file,
      index: obj.document.index,
      ...(obj.item !== undefined ? { item: obj.item } : {}),
      kind: obj.kind,
      namespace: obj.namespace,
      name: obj.name,
      requests: printList(pod.requests),
      limits: printList(pod.limits),
      containers: pod.containers.map((c) => ({
        name: c.name,
        kind: c.kind,
        requests: printList(c.requests),
        limits: printList(c.limits),
      })),
    });
    details.push({ overhead: printList(pod.overhead), unbounded: pod.unbounded });
  }
  const skipped = input.documents.flatMap((d) =>
    d.error === undefined
      ? []
      : [{ file: d.file, line: d.error.line, column: d.error.column, message: d.error.message }],
  );
  return { report: { k8sVersion: version.version, objects, details }, skipped };
}

export function formatResourcesJson(report: ResourcesReport): string {
  return JSON.stringify({ objects: report.objects }, null, 2) + '\n';
}

function table(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const r of rows) r.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((r) =>
    r
      .map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!)))
      .join('   ')
      .trimEnd(),
  );
}

function inline(list: PrintedList): string {
  const parts = Object.entries(list).map(([k, v]) => escapeControl(`${k}=${v}`));
  return parts.length === 0 ? '<none>' : parts.join(', ');
}

/** One block per pod template: a header, a per-container table, then the pod's totals. */
export function formatResourcesText(report: ResourcesReport): string {
  const blocks: string[] = [];
  report.objects.forEach((o, i) => {
    const detail = report.details[i]!;
    const names = sortResourceNames([
      ...o.containers.flatMap((c) => [...Object.keys(c.requests), ...Object.keys(c.limits)]),
      ...Object.keys(detail.overhead),
    ]);
    const header = [
      'CONTAINER',
      'TYPE',
      ...names.flatMap((n) => [`${n.toUpperCase()} REQUEST`, `${n.toUpperCase()} LIMIT`]),
    ];
    const rows: string[][] = [header];
    for (const c of o.containers) {
      rows.push([
        c.name,
        c.kind,
        ...names.flatMap((n) => [ownValue(c.requests, n) ?? '-', ownValue(c.limits, n) ?? '-']),
      ]);
    }
    if (Object.keys(detail.overhead).length > 0) {
      rows.push([
        '(overhead)',
        '',
        ...names.flatMap((n) => [ownValue(detail.overhead, n) ?? '-', '-']),
      ]);
    }
    rows.push([
      'POD',
      'effective',
      ...names.flatMap((n) => [ownValue(o.requests, n) ?? '-', ownValue(o.limits, n) ?? '-']),
    ]);
    const where = `${o.file}${o.index > 0 ? `#${String(o.index)}` : ''}${o.item !== undefined ? ` items[${String(o.item)}]` : ''}`;
    const lines = [
      `${where}: ${o.kind} ${o.namespace || 'default'}/${o.name} (Kubernetes ${report.k8sVersion})`,
    ];
    lines[0] = escapeControl(lines[0]!);
    lines.push(...table(rows.map((r) => r.map(escapeControl))));
    lines.push(`Requests: ${inline(o.requests)}`);
    lines.push(`Limits:   ${inline(o.limits)}`);
    if (detail.unbounded.length > 0) {
      lines.push(
        `Note: not every container limits ${escapeControl(detail.unbounded.join(', '))}; the pod cgroup is then unbounded for those ` +
          '(the limit above is the scheduler sum of the declared limits)',
      );
    }
    blocks.push(lines.join('\n'));
  });
  if (blocks.length === 0) return 'No pod templates found.\n';
  return blocks.join('\n\n') + '\n';
}
