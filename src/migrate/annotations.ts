/**
 * Step 4 of migrate: `kubectl logs` and `kubectl exec` pick the first container unless the pod
 * names a default (kubectl cmd/util/podcmd, `kubectl.kubernetes.io/default-container`). Moving
 * the sidecars keeps the app first, but the annotation says so for good, as Istio's injector sets it.
 */
import { DEFAULT_CONTAINER_ANNOTATION, isRecord } from '../manifest/objects.js';
import { toPointer } from '../rewrite/json-pointer.js';
import type { Edit } from './edit.js';

/** Names the first app container as kubectl's default, unless the pod already names one. */
export function keepDefaultContainer(edit: Edit): void {
  const mdPath = edit.template.metadataPath;
  const md = edit.get(mdPath);
  const ann = isRecord(md) ? md['annotations'] : undefined;
  const first = (edit.spec('containers') as Record<string, unknown>[])[0]?.['name'];
  if (typeof first !== 'string') return;
  if (isRecord(ann) && ann[DEFAULT_CONTAINER_ANNOTATION] !== undefined) return;
  if (!isRecord(md))
    edit.apply({
      op: 'add',
      path: toPointer(mdPath),
      value: { annotations: { [DEFAULT_CONTAINER_ANNOTATION]: first } },
    });
  else if (!isRecord(ann))
    edit.apply({
      op: 'add',
      path: toPointer([...mdPath, 'annotations']),
      value: { [DEFAULT_CONTAINER_ANNOTATION]: first },
    });
  else
    edit.apply({
      op: 'add',
      path: toPointer([...mdPath, 'annotations', DEFAULT_CONTAINER_ANNOTATION]),
      value: first,
    });
  edit.change(
    [...mdPath, 'annotations', DEFAULT_CONTAINER_ANNOTATION],
    `set ${DEFAULT_CONTAINER_ANNOTATION}: ${first}, so kubectl logs and exec default to the app`,
  );
}
