/**
 * The pods a Job owns, as the job controller creates and reads them (pkg/controller/job
 * job_controller.go manageJob; pkg/controller controller_utils.go GetPodFromTemplate,
 * FilterActivePods, CountTerminatingPods).
 */
import type { KubeObject, StoredMeta } from '../store/types.js';
import { COMPLETION_INDEX, JOB_TRACKING, selectorLabels, type JobSpec } from './job-spec.js';
import type { JobBehaviour } from './job-versions.js';

type Obj = Record<string, unknown>;

function rec(v: unknown): Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {};
}

/** The pod phase ('' when the kubelet has not posted one). */
export function phaseOf(pod: KubeObject): string {
  const phase = rec(pod['status'])['phase'];
  return typeof phase === 'string' ? phase : '';
}

export function isTerminal(pod: KubeObject): boolean {
  const p = phaseOf(pod);
  return p === 'Succeeded' || p === 'Failed';
}

/** FilterActivePods: not finished and not being deleted. */
export function isActive(pod: KubeObject): boolean {
  return !isTerminal(pod) && pod.metadata.deletionTimestamp === undefined;
}

/** CountTerminatingPods: being deleted and not finished. */
export function isTerminating(pod: KubeObject): boolean {
  return !isTerminal(pod) && pod.metadata.deletionTimestamp !== undefined;
}

/** podutil.IsPodReady: the Ready condition is True. */
export function isReady(pod: KubeObject): boolean {
  const conditions = rec(pod['status'])['conditions'];
  if (!Array.isArray(conditions)) return false;
  return conditions.some((c) => rec(c)['type'] === 'Ready' && rec(c)['status'] === 'True');
}

export function hasTrackingFinalizer(pod: KubeObject): boolean {
  return (pod.metadata.finalizers ?? []).includes(JOB_TRACKING);
}

/** Whether the Job is the pod's controller (metav1.GetControllerOf). */
export function ownedBy(pod: KubeObject, job: KubeObject): boolean {
  return (pod.metadata.ownerReferences ?? []).some(
    (r) => r['controller'] === true && r['uid'] === job.metadata.uid,
  );
}

/** The completion index of an Indexed Job's pod (from its annotation), or null. */
export function indexOf(pod: KubeObject): number | null {
  const v = pod.metadata.annotations?.[COMPLETION_INDEX];
  return v !== undefined && /^\d+$/.test(v) ? Number(v) : null;
}

/**
 * A new pod of the Job: the template with generateName `<job>-` (Indexed: `<job>-<index>-`,
 * hostname `<job>-<index>`, the index annotation, label from 1.28 and JOB_COMPLETION_INDEX env),
 * the Job as controlling owner and the tracking finalizer.
 */
export function podFor(
  job: KubeObject,
  spec: JobSpec,
  b: JobBehaviour,
  index: number | null,
): KubeObject {
  const template = structuredClone(spec.template);
  const md = rec(template['metadata']);
  const podSpec = rec(template['spec']);
  const labels: Record<string, string> = { ...(rec(md['labels']) as Record<string, string>) };
  // The registry's selector labels, in case the template was stored without them.
  if (job['spec'] !== undefined && rec(job['spec'])['manualSelector'] !== true)
    Object.assign(labels, selectorLabels(job, b).labels);
  const annotations = { ...(rec(md['annotations']) as Record<string, string>) };
  const name = job.metadata.name;
  let generateName = `${name}-`;
  if (index !== null) {
    annotations[COMPLETION_INDEX] = String(index);
    if (b.podIndexLabel) labels[COMPLETION_INDEX] = String(index);
    if (podSpec['hostname'] === undefined) podSpec['hostname'] = `${name}-${String(index)}`;
    generateName = `${name}-${String(index)}-`;
    addIndexEnv(podSpec);
  }
  const finalizers = Array.isArray(md['finalizers']) ? (md['finalizers'] as string[]) : [];
  const metadata = {
    generateName,
    namespace: job.metadata.namespace,
    labels,
    ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
    ownerReferences: [
      {
        apiVersion: 'batch/v1',
        kind: 'Job',
        name,
        uid: job.metadata.uid,
        controller: true,
        blockOwnerDeletion: true,
      },
    ],
    finalizers: finalizers.includes(JOB_TRACKING) ? finalizers : [...finalizers, JOB_TRACKING],
  } as unknown as StoredMeta;
  return { apiVersion: 'v1', kind: 'Pod', metadata, spec: podSpec };
}

/** addCompletionIndexEnvVariables: JOB_COMPLETION_INDEX from the index annotation. */
function addIndexEnv(podSpec: Obj): void {
  for (const key of ['initContainers', 'containers']) {
    const list = podSpec[key];
    if (!Array.isArray(list)) continue;
    for (const c of list as Obj[]) {
      const env = Array.isArray(c['env']) ? (c['env'] as Obj[]) : [];
      if (env.some((e) => e['name'] === 'JOB_COMPLETION_INDEX')) continue;
      c['env'] = [
        ...env,
        {
          name: 'JOB_COMPLETION_INDEX',
          valueFrom: { fieldRef: { fieldPath: `metadata.annotations['${COMPLETION_INDEX}']` } },
        },
      ];
    }
  }
}
