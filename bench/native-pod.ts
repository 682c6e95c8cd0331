/**
 * The pod of bench:run and bench:serve: 1 init container, 2 native sidecars and 1 app, no
 * probes, every container a bare host command.
 */
export function nativePod(name: string, sleepSeconds = 60): string {
  const sleep = `command: ['sleep', '${String(sleepSeconds)}']`;
  return `apiVersion: v1
kind: Pod
metadata: {name: ${name}}
spec:
  terminationGracePeriodSeconds: 2
  initContainers:
  - {name: init, image: x, command: ['true']}
  - {name: sidecar-1, image: x, restartPolicy: Always, ${sleep}}
  - {name: sidecar-2, image: x, restartPolicy: Always, ${sleep}}
  containers:
  - {name: app, image: x, ${sleep}}
`;
}
