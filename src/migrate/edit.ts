/**
 * The object being migrated, one patch operation at a time: each operation is applied at once,
 * so the next step reads the object as it now is, and every change is reported with its field.
 * A JSON Patch `move` keeps the moved container's lines when the file is edited
 * (rewrite/yaml-text-patch.ts), which is why migrate builds its own patch instead of diffing.
 */
import { displayValue } from '../model/record.js';
import { formatPath, type PathSegment } from '../manifest/field-path.js';
import { getIn } from '../manifest/json-path.js';
import type { PodTemplate } from '../manifest/pod-templates.js';
import { toPointer } from '../rewrite/json-pointer.js';
import { applyPatchTo, type Operation, type Patch } from '../rewrite/patch.js';

/** One change, with the field it touched (a Kubernetes field path from the object's root). */
export interface MigrateChange {
  readonly field: string;
  readonly message: string;
}

export interface MigrateResult {
  readonly object: Readonly<Record<string, unknown>>;
  readonly patch: Patch;
  readonly changes: MigrateChange[];
  readonly warnings: string[];
}

export interface Edit {
  readonly template: PodTemplate;
  /** `Kind/name`, for warnings. */
  readonly podName: string;
  /** The value at a path from the object's root, as the object now is. */
  get(path: readonly PathSegment[]): unknown;
  /** The same, from the pod spec. */
  spec(...rest: PathSegment[]): unknown;
  apply(op: Operation): void;
  /** A JSON Pointer from the pod spec. */
  pointer(...rest: PathSegment[]): string;
  change(field: readonly PathSegment[], message: string): void;
  warn(message: string): void;
  /** The notes so far, without touching the object (the early ends of migrate). */
  unchanged(): MigrateResult;
  result(): MigrateResult;
}

/** Starts editing `object`, whose pod template is `template`. */
export function startEdit(object: Readonly<Record<string, unknown>>, template: PodTemplate): Edit {
  let cur = object;
  const patch: Operation[] = [];
  const changes: MigrateChange[] = [];
  const warnings: string[] = [];
  const { specPath } = template;
  const get = (path: readonly PathSegment[]): unknown => getIn(cur, path);
  return {
    template,
    podName: `${template.object.kind}/${displayValue(get(['metadata', 'name']))}`,
    get,
    spec: (...rest) => get([...specPath, ...rest]),
    apply(op) {
      patch.push(op);
      cur = applyPatchTo(cur, [op]);
    },
    pointer: (...rest) => toPointer([...specPath, ...rest]),
    change: (field, message) => changes.push({ field: formatPath(field), message }),
    warn: (message) => warnings.push(message),
    unchanged: () => ({ object, patch: [], changes, warnings }),
    result: () => ({ object: cur, patch, changes, warnings }),
  };
}
