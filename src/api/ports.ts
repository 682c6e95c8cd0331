/**
 * Container ports: validation.go validateContainerPorts, AccumulateUniqueHostPorts and
 * checkHostPortConflicts.
 */
import { child, index, report, type ApiCheck } from './check-context.js';
import { readInt, readObjectList, readString } from './decode.js';
import { duplicate, invalid, notSupported, required } from './field-error.js';
import { portNameErrors, portNumErrors } from './names.js';
import { checkUnknownFields } from './unknown-fields.js';

/** A port as decoded, with the defaulted protocol (SetDefaults_ContainerPort: TCP). */
export interface DecodedPort {
  readonly path: string;
  /** The port's index in its container's `ports` list. */
  readonly index: number;
  readonly containerPort: number;
  readonly hostPort: number;
  readonly protocol: string;
  readonly hostIP: string;
}

const SUPPORTED_PROTOCOLS = ['SCTP', 'TCP', 'UDP']; // sets.List(supportedPortProtocols), sorted

/**
 * validateContainerPorts; returns the decoded ports for the host-port checks.
 * @param hostNetworkDefault hostPort 0 becomes containerPort first (defaultHostNetworkPorts)
 */
export function checkContainerPorts(
  c: ApiCheck,
  path: string,
  value: unknown,
  hostNetworkDefault = false,
): DecodedPort[] {
  const ports = readObjectList(c, path, value) ?? [];
  const names = new Set<string>();
  const out: DecodedPort[] = [];
  ports.forEach((port, i) => {
    if (port === undefined) return;
    const idx = index(path, i);
    checkUnknownFields(c, idx, port, 'ContainerPort');
    const name = readString(c, child(idx, 'name'), port['name']) ?? '';
    const containerPort = readInt(c, child(idx, 'containerPort'), port['containerPort'], 32) ?? 0;
    const givenHostPort = readInt(c, child(idx, 'hostPort'), port['hostPort'], 32) ?? 0;
    const hostPort = hostNetworkDefault && givenHostPort === 0 ? containerPort : givenHostPort;
    const protocol = readString(c, child(idx, 'protocol'), port['protocol']) || 'TCP';
    const hostIP = readString(c, child(idx, 'hostIP'), port['hostIP']) ?? '';
    if (name.length > 0) {
      const msgs = portNameErrors(name);
      if (msgs.length > 0)
        for (const m of msgs) report(c, 'api-ports', child(idx, 'name'), invalid(name, m));
      else if (names.has(name)) report(c, 'api-ports', child(idx, 'name'), duplicate(name));
      else names.add(name);
    }
    if (containerPort === 0) report(c, 'api-ports', child(idx, 'containerPort'), required());
    else
      for (const m of portNumErrors(containerPort))
        report(c, 'api-ports', child(idx, 'containerPort'), invalid(containerPort, m));
    if (hostPort !== 0)
      for (const m of portNumErrors(hostPort))
        report(c, 'api-ports', child(idx, 'hostPort'), invalid(hostPort, m));
    if (!SUPPORTED_PROTOCOLS.includes(protocol)) {
      report(c, 'api-ports', child(idx, 'protocol'), notSupported(protocol, SUPPORTED_PROTOCOLS));
    }
    out.push({ path: idx, index: i, containerPort, hostPort, protocol, hostIP });
  });
  return out;
}

/**
 * checkHostPortConflicts(containers, fldPath) -> AccumulateUniqueHostPorts: a non-zero hostPort
 * whose `protocol/hostIP/port` was already seen in `containers` is `Duplicate value: "TCP//8080"`
 * at `fldPath.Index(ci).ports[pi].hostPort`, where ci is the index within the slice it was given.
 * validateContainers passes all regular containers with `spec.containers`; validateInitContainers
 * passes each init container (sidecars too) alone as `[]core.Container{ctr}` with the list's path
 * `spec.initContainers` ("since init containers run one-by-one"), so the API server reports an
 * init container's conflict at index 0 whatever its index: that quirk is reproduced here.
 * @param listPath the fldPath the API server passes (the containers list's path)
 * @param containers the ports of the containers in the slice, in order
 */
export function checkHostPortConflicts(
  c: ApiCheck,
  listPath: string,
  containers: readonly (readonly DecodedPort[])[],
): void {
  const seen = new Set<string>();
  containers.forEach((ports, ci) => {
    for (const p of ports) {
      if (p.hostPort === 0) continue;
      const k = `${p.protocol}/${p.hostIP}/${String(p.hostPort)}`;
      const at = child(index(child(index(listPath, ci), 'ports'), p.index), 'hostPort');
      if (seen.has(k)) report(c, 'api-host-port-conflict', at, duplicate(k));
      else seen.add(k);
    }
  });
}

/**
 * With hostNetwork, a regular container's ports must use hostPort = containerPort:
 * 1.28+ validatePodHostNetworkDeps (a template may leave hostPort 0; a Pod has it defaulted),
 * before that validateHostNetwork (reported at containerPort).
 */
export function checkHostNetworkPorts(
  c: ApiCheck,
  ports: readonly (readonly DecodedPort[])[],
  isPod: boolean,
): void {
  for (const list of ports) {
    for (const p of list) {
      if (c.version.lateHostNetworkHostPort) {
        if ((isPod || p.hostPort !== 0) && p.hostPort !== p.containerPort) {
          report(
            c,
            'api-ports',
            child(p.path, 'hostPort'),
            invalid(p.hostPort, 'must match `containerPort` when `hostNetwork` is true'),
          );
        }
      } else if (p.hostPort !== p.containerPort) {
        report(
          c,
          'api-ports',
          child(p.path, 'containerPort'),
          invalid(p.containerPort, 'must match `hostPort` when `hostNetwork` is true'),
        );
      }
    }
  }
}
