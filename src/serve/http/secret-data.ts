/**
 * Secret `stringData`: a write-only convenience merged into `data` (base64) on every write, and
 * never stored (k8s.io/kubernetes pkg/apis/core/v1/conversion.go Convert_v1_Secret_To_core_Secret:
 * stringData entries override data entries of the same key).
 */
import type { KubeObject } from '../store/types.js';

/** The secret with `stringData` folded into `data`; other objects unchanged. */
export function foldStringData(obj: KubeObject): KubeObject {
  if (obj.kind !== 'Secret') return obj;
  const stringData = obj['stringData'];
  if (typeof stringData !== 'object' || stringData === null) return obj;
  const rest: Record<string, unknown> = Object.fromEntries(
    Object.entries(obj).filter(([k]) => k !== 'stringData'),
  );
  const data: Record<string, unknown> = {
    ...((obj['data'] as Record<string, unknown> | undefined) ?? {}),
  };
  for (const [k, v] of Object.entries(stringData as Record<string, unknown>)) {
    data[k] = Buffer.from(String(v), 'utf8').toString('base64');
  }
  return { ...rest, data } as unknown as KubeObject;
}
