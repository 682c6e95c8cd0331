/**
 * `meta.k8s.io/v1` Table responses (what kubectl asks for with `Accept: …;as=Table;…`), as the
 * API server's TableConvertor builds them (pkg/printers/storage/storage.go ConvertToTable, always
 * with Wide: true, and staging/src/k8s.io/apiserver/pkg/endpoints/handlers/response.go asTable):
 * one column list per resource, one row per object, `row.object` a PartialObjectMetadata
 * (includeObject=Metadata, the default), the full object (Object) or nothing (None).
 */
import type { KubeObject, ResourceName } from '../store/types.js';
import type { ColumnDefinition, TableCell } from './table-columns.js';
import {
  CONFIGMAP_COLUMNS,
  EVENT_COLUMNS,
  JOB_COLUMNS,
  NAMESPACE_COLUMNS,
  SECRET_COLUMNS,
  configMapCells,
  eventCells,
  jobCells,
  namespaceCells,
  secretCells,
} from './table-others.js';
import { POD_COLUMNS, podCells, podRowConditions } from './table-pod.js';

export type IncludeObject = 'None' | 'Metadata' | 'Object';

/** One Table row. */
export interface TableRow {
  readonly cells: TableCell[];
  readonly conditions?: Record<string, string>[];
  readonly object?: unknown;
}

/** A meta.k8s.io/v1 Table. */
export interface Table {
  readonly kind: 'Table';
  readonly apiVersion: 'meta.k8s.io/v1';
  readonly metadata: { resourceVersion?: string };
  readonly columnDefinitions: readonly ColumnDefinition[];
  readonly rows: TableRow[];
}

interface Printer {
  readonly columns: readonly ColumnDefinition[];
  readonly cells: (o: KubeObject, now: Date) => TableCell[];
}

const PRINTERS: Readonly<Record<ResourceName, Printer>> = {
  pods: { columns: POD_COLUMNS, cells: podCells },
  configmaps: { columns: CONFIGMAP_COLUMNS, cells: configMapCells },
  secrets: { columns: SECRET_COLUMNS, cells: secretCells },
  namespaces: { columns: NAMESPACE_COLUMNS, cells: namespaceCells },
  events: { columns: EVENT_COLUMNS, cells: eventCells },
  jobs: { columns: JOB_COLUMNS, cells: jobCells },
};

/** How to build a table. */
export interface TableOptions {
  readonly now: Date;
  /** The list's resourceVersion (left out for a single object's table). */
  readonly resourceVersion?: string | undefined;
  readonly includeObject?: IncludeObject | undefined;
  /** `?includeObject` aside, kubectl's watch events may drop the column list. */
  readonly noHeaders?: boolean | undefined;
}

/** The Table of some objects of one resource. */
export function toTable(
  resource: ResourceName,
  objects: readonly KubeObject[],
  opts: TableOptions,
): Table {
  const printer = PRINTERS[resource];
  const rows = objects.map((o) => tableRow(resource, o, opts));
  const metadata =
    opts.resourceVersion === undefined ? {} : { resourceVersion: opts.resourceVersion };
  const columnDefinitions = opts.noHeaders === true ? [] : printer.columns;
  return { kind: 'Table', apiVersion: 'meta.k8s.io/v1', metadata, columnDefinitions, rows };
}

/** The column definitions of a resource. */
export function tableColumns(resource: ResourceName): readonly ColumnDefinition[] {
  return PRINTERS[resource].columns;
}

/** One object's row. */
export function tableRow(resource: ResourceName, o: KubeObject, opts: TableOptions): TableRow {
  const cells = PRINTERS[resource].cells(o, opts.now);
  const conditions = resource === 'pods' ? podRowConditions(o) : undefined;
  const object = rowObject(o, opts.includeObject ?? 'Metadata');
  return {
    cells,
    ...(conditions === undefined ? {} : { conditions }),
    ...(object === undefined ? {} : { object }),
  };
}

function rowObject(o: KubeObject, include: IncludeObject): unknown {
  if (include === 'None') return undefined;
  if (include === 'Object') return o;
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata };
}
