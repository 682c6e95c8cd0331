/** A pod with two classic sidecars (Fluent Bit, Envoy with a readinessProbe): the migrate and rewrite benches' input. */
export function classicPod(i: number): string {
  return `apiVersion: v1
kind: Pod
metadata: {name: p-${String(i)}}
spec:
  containers:
    - name: app
      image: myapp:v1
    - name: log-shipper
      image: fluent/fluent-bit:3.1.9
    - name: proxy
      image: envoyproxy/envoy:v1.28.0
      readinessProbe: {httpGet: {path: /ready, port: 15090}}
`;
}
