/**
 * What every container (regular, init, sidecar, ephemeral) must satisfy: validation.go
 * validateContainerCommon, plus validateContainerOnlyForPod for Pods.
 */
import { child, report, type ApiCheck } from './check-context.js';
import { readArray, readBool, readObject, readObjectList, readString } from './decode.js';
import { duplicate, invalid, notSupported, required } from './field-error.js';
import { dns1123LabelErrors } from './names.js';
import { checkContainerPorts, type DecodedPort } from './ports.js';
import { checkResources } from './resources.js';
import { checkVolumeMounts, isPrivileged } from './volume-mounts.js';
import { checkUnknownFields, hasField } from './unknown-fields.js';

const TERMINATION_MESSAGE_POLICIES = ['File', 'FallbackToLogsOnError'];
const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never']; // sets.List(supportedPullPolicies)
const RESIZE_RESOURCES = ['cpu', 'memory'];
const RESIZE_POLICIES = ['NotRequired', 'RestartContainer'];

export interface ContainerInfo {
  readonly name: string;
  readonly ports: DecodedPort[];
}

/**
 * validateResizePolicy (the field is kept only with InPlacePodVerticalScaling on; otherwise
 * dropDisabledFields drops it from every container). Errors are reported at `resizePolicy`
 * itself except duplicates, as Kubernetes does.
 */
function checkResizePolicy(c: ApiCheck, path: string, value: unknown): void {
  const list = readObjectList(c, path, value) ?? [];
  const seen = new Set<string>();
  list.forEach((p, i) => {
    if (p === undefined) return;
    const idx = `${path}[${String(i)}]`;
    checkUnknownFields(c, idx, p, 'ContainerResizePolicy');
    const resource = readString(c, child(idx, 'resourceName'), p['resourceName']) ?? '';
    const policy = readString(c, child(idx, 'restartPolicy'), p['restartPolicy']) ?? '';
    if (seen.has(resource)) report(c, 'api-resize-policy', idx, duplicate(resource));
    seen.add(resource);
    if (resource === '') report(c, 'api-resize-policy', path, required());
    else if (!RESIZE_RESOURCES.includes(resource))
      report(c, 'api-resize-policy', path, notSupported(resource, RESIZE_RESOURCES));
    if (policy === '') report(c, 'api-resize-policy', path, required());
    else if (!RESIZE_POLICIES.includes(policy))
      report(c, 'api-resize-policy', path, notSupported(policy, RESIZE_POLICIES));
  });
}

/** Whether `resizePolicy` survives dropDisabledFields and reaches validation. */
export function resizePolicyKept(
  c: ApiCheck,
  container: Readonly<Record<string, unknown>>,
): boolean {
  const v = container['resizePolicy'];
  return (
    hasField(c.version, 'Container', 'resizePolicy') &&
    c.version.resizePolicy &&
    v !== undefined &&
    v !== null
  );
}

/**
 * validateContainerCommon: name (required, DNS-1123 label), image (required),
 * terminationMessagePolicy, ports, volumeMounts, imagePullPolicy, resources, resizePolicy.
 * Defaulting runs first (SetDefaults_Container: terminationMessagePolicy File, imagePullPolicy
 * Always/IfNotPresent), so only explicit unsupported values fail those two.
 * @param isPod the object is a Pod (not a template): images may not have surrounding spaces
 * @param hostNetworkDefault hostNetwork ports get hostPort = containerPort by defaulting
 */
export function checkContainerCommon(
  c: ApiCheck,
  path: string,
  ctr: Readonly<Record<string, unknown>>,
  volumes: ReadonlySet<string>,
  isPod: boolean,
  hostNetworkDefault = false,
): ContainerInfo {
  const namePath = child(path, 'name');
  const name = readString(c, namePath, ctr['name']) ?? '';
  if (name.length === 0) report(c, 'api-container-name', namePath, required());
  else
    for (const m of dns1123LabelErrors(name, c.version))
      report(c, 'api-container-name', namePath, invalid(name, m));

  const imagePath = child(path, 'image');
  const image = readString(c, imagePath, ctr['image']) ?? '';
  if (image.length === 0) report(c, 'api-container-image', imagePath, required());
  else if (isPod && image !== image.trim()) {
    report(
      c,
      'api-container-image',
      imagePath,
      invalid(image, 'must not have leading or trailing whitespace'),
    );
  }

  const tmpPath = child(path, 'terminationMessagePolicy');
  const tmp = readString(c, tmpPath, ctr['terminationMessagePolicy']) || 'File';
  if (!TERMINATION_MESSAGE_POLICIES.includes(tmp)) {
    report(c, 'api-container-policy', tmpPath, notSupported(tmp, TERMINATION_MESSAGE_POLICIES));
  }
  readString(c, child(path, 'terminationMessagePath'), ctr['terminationMessagePath']);
  readString(c, child(path, 'workingDir'), ctr['workingDir']);
  for (const f of ['command', 'args']) {
    const list = readArray(c, child(path, f), ctr[f], 'strings') ?? [];
    list.forEach((s, i) => readString(c, `${child(path, f)}[${String(i)}]`, s));
  }
  // ValidateEnv: a name is required; values must be strings (`value: 3000` fails decoding). The
  // name's format changed with RelaxedEnvironmentVariableValidation and is not checked here.
  const envPath = child(path, 'env');
  (readObjectList(c, envPath, ctr['env']) ?? []).forEach((e, i) => {
    if (e === undefined) return;
    const ep = `${envPath}[${String(i)}]`;
    checkUnknownFields(c, ep, e, 'EnvVar');
    const envName = readString(c, child(ep, 'name'), e['name']) ?? '';
    if (envName === '') report(c, 'api-env', child(ep, 'name'), required());
    readString(c, child(ep, 'value'), e['value']);
    readObject(c, child(ep, 'valueFrom'), e['valueFrom']);
  });
  readArray(c, child(path, 'envFrom'), ctr['envFrom'], 'objects');
  readObject(c, child(path, 'securityContext'), ctr['securityContext']);
  for (const f of ['stdin', 'stdinOnce', 'tty']) readBool(c, child(path, f), ctr[f]);

  const ports = checkContainerPorts(c, child(path, 'ports'), ctr['ports'], hostNetworkDefault);
  checkVolumeMounts(
    c,
    child(path, 'volumeMounts'),
    ctr['volumeMounts'],
    volumes,
    isPrivileged(ctr),
  );

  const pullPath = child(path, 'imagePullPolicy');
  const pull = readString(c, pullPath, ctr['imagePullPolicy']) ?? '';
  if (pull !== '' && !PULL_POLICIES.includes(pull))
    report(c, 'api-container-policy', pullPath, notSupported(pull, PULL_POLICIES));

  checkResources(c, child(path, 'resources'), ctr['resources']);
  if (resizePolicyKept(c, ctr))
    checkResizePolicy(c, child(path, 'resizePolicy'), ctr['resizePolicy']);
  return { name, ports };
}
