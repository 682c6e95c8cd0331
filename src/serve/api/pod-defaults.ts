/**
 * What the API server fills in a Pod on create (kubectl-compat.md §4), from
 * pkg/apis/core/v1/defaults.go (SetDefaults_Pod: requests from limits; SetDefaults_PodSpec:
 * restartPolicy Always, terminationGracePeriodSeconds 30, dnsPolicy ClusterFirst, schedulerName
 * default-scheduler, securityContext {}, enableServiceLinks true; SetDefaults_Container:
 * imagePullPolicy Always for `:latest` or no tag, else IfNotPresent, terminationMessagePath
 * /dev/termination-log, terminationMessagePolicy File; SetDefaults_ContainerPort: protocol TCP;
 * SetDefaults_Probe: timeoutSeconds 1, periodSeconds 10, successThreshold 1, failureThreshold 3;
 * SetDefaults_HTTPGetAction: path /, scheme HTTP; SetDefaults_ObjectFieldSelector: apiVersion v1;
 * the volume sources' defaultMode 420), from the admission plugins every cluster runs
 * (ServiceAccount: serviceAccountName default, mirrored to the deprecated serviceAccount by
 * conversion; Priority: priority 0, preemptionPolicy PreemptLowerPriority;
 * DefaultTolerationSeconds: not-ready and unreachable NoExecute for 300 s), and the pod
 * strategy's PrepareForCreate (status: phase Pending and the QoS class,
 * pkg/apis/core/helper/qos GetPodQOS). Also a Secret's defaults (SetDefaults_Secret: type
 * Opaque) and stringData folded into base64 data (Convert_v1_Secret_To_core_Secret).
 */
import { imageTag } from '../../model/image.js';
import type { KubeObject } from '../store/types.js';
import { isObject } from './json-patches.js';
import { qosClassOf } from './qos.js';

type Json = Record<string, unknown>;

const CONTAINER_LISTS = ['initContainers', 'containers', 'ephemeralContainers'];

/** A pod with the API server's defaults filled (the input is not changed). */
export function defaultPod(input: KubeObject): KubeObject {
  const pod = structuredClone(input);
  const spec = isObject(pod['spec']) ? pod['spec'] : {};
  pod['spec'] = spec;
  defaultPodSpec(spec);
  pod['status'] = { phase: 'Pending', qosClass: qosClassOf(spec) };
  return pod;
}

/** SetDefaults_PodSpec plus the admission plugins' fields. */
export function defaultPodSpec(spec: Json): void {
  setIfAbsent(spec, 'restartPolicy', 'Always');
  setIfAbsent(spec, 'terminationGracePeriodSeconds', 30);
  setIfAbsent(spec, 'dnsPolicy', 'ClusterFirst');
  setIfAbsent(spec, 'securityContext', {});
  setIfAbsent(spec, 'schedulerName', 'default-scheduler');
  setIfAbsent(spec, 'enableServiceLinks', true);
  setIfAbsent(
    spec,
    'serviceAccountName',
    typeof spec['serviceAccount'] === 'string' ? spec['serviceAccount'] : 'default',
  );
  spec['serviceAccount'] = spec['serviceAccountName'];
  setIfAbsent(spec, 'priority', 0);
  setIfAbsent(spec, 'preemptionPolicy', 'PreemptLowerPriority');
  spec['tolerations'] = withDefaultTolerations(
    Array.isArray(spec['tolerations']) ? (spec['tolerations'] as unknown[]) : [],
  );
  for (const list of CONTAINER_LISTS) {
    const cs = spec[list];
    if (Array.isArray(cs)) for (const c of cs) if (isObject(c)) defaultContainer(c);
  }
  const volumes = spec['volumes'];
  if (Array.isArray(volumes)) for (const v of volumes) if (isObject(v)) defaultVolume(v);
}

/** SetDefaults_Container (and SetDefaults_Pod's requests-from-limits). */
export function defaultContainer(c: Json): void {
  setIfAbsent(c, 'imagePullPolicy', pullPolicy(typeof c['image'] === 'string' ? c['image'] : ''));
  setIfAbsent(c, 'terminationMessagePath', '/dev/termination-log');
  setIfAbsent(c, 'terminationMessagePolicy', 'File');
  setIfAbsent(c, 'resources', {});
  const res = c['resources'] as Json;
  if (isObject(res['limits']))
    res['requests'] = { ...res['limits'], ...(isObject(res['requests']) ? res['requests'] : {}) };
  for (const p of Array.isArray(c['ports']) ? (c['ports'] as unknown[]) : [])
    if (isObject(p)) setIfAbsent(p, 'protocol', 'TCP');
  for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
    if (isObject(c[probe])) defaultProbe(c[probe]);
  }
  for (const hook of ['postStart', 'preStop']) {
    const lc = c['lifecycle'];
    if (isObject(lc) && isObject(lc[hook])) defaultHandler(lc[hook]);
  }
  for (const e of Array.isArray(c['env']) ? (c['env'] as unknown[]) : []) {
    const ref = isObject(e) && isObject(e['valueFrom']) ? e['valueFrom']['fieldRef'] : undefined;
    if (isObject(ref)) setIfAbsent(ref, 'apiVersion', 'v1');
  }
}

/** The image pull policy of an image: Always for `latest` (no tag reads latest), else IfNotPresent. */
export function pullPolicy(image: string): string {
  const tag = imageTag(image);
  return tag === '' || tag === 'latest' ? 'Always' : 'IfNotPresent';
}

function defaultProbe(p: Json): void {
  setIfAbsent(p, 'timeoutSeconds', 1);
  setIfAbsent(p, 'periodSeconds', 10);
  setIfAbsent(p, 'successThreshold', 1);
  setIfAbsent(p, 'failureThreshold', 3);
  defaultHandler(p);
}

function defaultHandler(h: Json): void {
  const get = h['httpGet'];
  if (!isObject(get)) return;
  setIfAbsent(get, 'path', '/');
  setIfAbsent(get, 'scheme', 'HTTP');
}

function defaultVolume(v: Json): void {
  for (const src of ['configMap', 'secret', 'projected', 'downwardAPI']) {
    if (isObject(v[src])) setIfAbsent(v[src], 'defaultMode', 420);
  }
}

/**
 * DefaultTolerationSeconds (plugin/pkg/admission/defaulttolerationseconds): a toleration with the
 * key (or no key) and the NoExecute effect (or none) already covers it; else one is added.
 */
function withDefaultTolerations(tolerations: unknown[]): unknown[] {
  const out = [...tolerations];
  for (const key of ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable']) {
    const covered = tolerations.some(
      (t) =>
        isObject(t) &&
        (t['key'] === key || (t['key'] ?? '') === '') &&
        (t['effect'] === 'NoExecute' || (t['effect'] ?? '') === ''),
    );
    if (!covered)
      out.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 });
  }
  return out;
}

/** A Secret as stored: type Opaque by default, stringData folded into base64 data (it wins). */
export function defaultSecret(input: KubeObject): KubeObject {
  const secret = structuredClone(input);
  setIfAbsent(secret, 'type', 'Opaque');
  const stringData = secret['stringData'];
  if (isObject(stringData)) {
    const data: Json = isObject(secret['data']) ? { ...secret['data'] } : {};
    for (const [k, v] of Object.entries(stringData))
      data[k] = Buffer.from(String(v), 'utf8').toString('base64');
    secret['data'] = data;
  }
  return Object.fromEntries(
    Object.entries(secret).filter(([k]) => k !== 'stringData'),
  ) as KubeObject;
}

function setIfAbsent(o: Json, key: string, value: unknown): void {
  if (o[key] === undefined || o[key] === null || o[key] === '') o[key] = value;
}
