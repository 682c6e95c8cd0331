/**
 * A container that cannot be created from its spec on this run: a missing ConfigMap, Secret or
 * key, an unsupported field path. The kubelet leaves such a container Waiting with reason
 * `CreateContainerConfigError` and the message as it words it (kubelet_pods.go
 * makeEnvironmentVariables: `configmap "x" not found`, `couldn't find key k in ConfigMap ns/x`).
 */
export class ContainerConfigError extends Error {
  readonly reason = 'CreateContainerConfigError';

  constructor(message: string) {
    super(message);
    this.name = 'ContainerConfigError';
  }
}
