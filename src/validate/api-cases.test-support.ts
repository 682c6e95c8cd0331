/**
 * Helpers for the api tests: run a manifest through the whole validate pipeline (fromText,
 * validateInput, resolveVersion) and keep the `api` diagnostics as `field: message` lines.
 */
import { fromText } from '../manifest/load.js';
import { resolveVersion, type K8sVersion } from '../model/versions.js';
import { validateInput } from './validate.js';

/** A version as the tests name it: `1.29`, or `1.28+gate` for 1.28 with SidecarContainers on. */
export type VersionLabel = K8sVersion | '1.28+gate';

export const ALL_VERSIONS: readonly VersionLabel[] = [
  '1.25',
  '1.26',
  '1.27',
  '1.28',
  '1.28+gate',
  '1.29',
  '1.30',
  '1.31',
  '1.32',
  '1.33',
];

/** Every api diagnostic of the input at that version, as sorted `field: message` lines. */
export function apiErrors(
  text: string,
  label: VersionLabel,
  gates: Readonly<Record<string, boolean>> = {},
): string[] {
  const version =
    label === '1.28+gate'
      ? resolveVersion('1.28', { SidecarContainers: true, ...gates })
      : resolveVersion(label, gates);
  const report = validateInput(fromText(text), { version });
  return report.objects
    .flatMap((o) => o.diagnostics)
    .filter((d) => d.category === 'api')
    .map((d) => `${d.field}: ${d.message}`)
    .sort();
}

/** A Pod manifest (JSON, which is YAML) with the given spec. */
export function pod(spec: unknown): string {
  return JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec });
}

/** A Deployment manifest with the given pod spec. */
export function deployment(spec: unknown): string {
  return JSON.stringify({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'd' },
    spec: {
      selector: { matchLabels: { app: 'd' } },
      template: { metadata: { labels: { app: 'd' } }, spec },
    },
  });
}

/** A container with a name and an image, plus the given fields. */
export function ctr(name: string, fields: Record<string, unknown> = {}): Record<string, unknown> {
  return { name, image: 'registry.example/app:1.0', ...fields };
}

/** `spec` with one regular container `app` and the given init containers. */
export function withInits(...initContainers: unknown[]): Record<string, unknown> {
  return { initContainers, containers: [ctr('app')] };
}
