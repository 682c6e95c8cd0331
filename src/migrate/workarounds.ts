/**
 * The classic-sidecar workarounds that native sidecars make dead weight, recognised only in
 * forms that are certain (reference/injectors-and-linters.md, section 2.3):
 *
 * - Istio's `holdApplicationUntilProxyStarts` (in the `proxy.istio.io/config` annotation) and the
 *   `pilot-agent wait` postStart hook it adds: a native sidecar with a startupProbe already
 *   holds the app (istio/istio#41086).
 * - Calls that stop a sidecar at the end of a Job: Istio `/quitquitquit` (istio/istio.io#10316),
 *   Cloud SQL proxy `/quitquitquit`, Dapr `POST /v1.0/shutdown`, Linkerd `:4191/shutdown` and
 *   the `linkerd-await --shutdown --` wrapper. Native sidecars do not block completion.
 * - preStop hooks that only sleep, so the sidecar outlives the app: with termination ordering
 *   (1.29+) sidecars are stopped after the main containers anyway (kubernetes/kubernetes#120620).
 */
import { parse, stringify } from 'yaml';
import { isRecord, runsToCompletion } from '../manifest/objects.js';
import type { VersionInfo } from '../model/versions.js';
import { toPointer } from '../rewrite/json-pointer.js';
import type { Edit } from './edit.js';

// Only a whole command is removed: a segment that starts with the call (never a command that
// merely mentions the URL).
const QUIT_CALL =
  /^\s*(curl|wget)\b[^;&|\n]*(\/quitquitquit|\/v1\.0\/shutdown|:4191\/shutdown)\b[^;&|\n]*$/;
const PILOT_QUIT = /^\s*pilot-agent\b[^;&|\n]*\bquitquitquit\b[^;&|\n]*$/;

/** A shell script without the sidecar-stopping calls, or null when it has none. */
export function stripQuitCalls(script: string): string | null {
  const parts = script.split(/(\s*(?:&&|\|\||;|\n)\s*)/);
  const segs = parts.filter((_, i) => i % 2 === 0);
  const seps = parts.filter((_, i) => i % 2 === 1);
  const isQuit = (seg: string): boolean =>
    seg.trim() !== '' &&
    (QUIT_CALL.test(seg) ||
      PILOT_QUIT.test(seg) ||
      /^\s*trap\b.*(quitquitquit|\/shutdown)/.test(seg));
  if (!segs.some(isQuit)) return null;
  let out = '';
  let first = true;
  segs.forEach((seg, j) => {
    if (isQuit(seg)) return;
    // A kept segment keeps the separator that came before it, unless it is now the first.
    out += first ? seg.replace(/^\s+/, (m) => (j === 0 ? m : '')) : (seps[j - 1] ?? '') + seg;
    first = false;
  });
  const trailing = /\n\s*$/.test(script) && !out.endsWith('\n') ? '\n' : '';
  return out.trim() === '' ? null : out + trailing;
}

/** The argv after a `linkerd-await [flags] --` wrapper, or null when there is none. */
export function unwrapLinkerdAwait(argv: readonly string[]): string[] | null {
  if (argv.length === 0 || !/(^|\/)linkerd-await$/.test(argv[0] ?? '')) return null;
  const dashdash = argv.indexOf('--');
  return dashdash >= 0 && dashdash < argv.length - 1 ? argv.slice(dashdash + 1) : null;
}

/** Whether a preStop handler only sleeps. */
export function isSleepOnlyPreStop(handler: unknown): boolean {
  if (!isRecord(handler)) return false;
  const h = handler;
  if (h['sleep'] !== undefined) return Object.keys(h).length === 1;
  const exec = h['exec'] as Record<string, unknown> | undefined;
  const cmd = exec?.['command'];
  if (!Array.isArray(cmd) || !cmd.every((s) => typeof s === 'string')) return false;
  const line = (cmd as string[]).join(' ').trim();
  return (
    /^((\/usr)?\/bin\/)?sleep\s+\d+(\.\d+)?s?$/.test(line) ||
    /^((\/usr)?\/bin\/)?(ba)?sh\s+-c\s+['"]?((\/usr)?\/bin\/)?sleep\s+\d+(\.\d+)?s?['"]?$/.test(
      line,
    )
  );
}

/** Whether a postStart handler is Istio's `pilot-agent wait`. */
export function isPilotAgentWait(handler: unknown): boolean {
  const cmd = (handler as { exec?: { command?: unknown } } | null)?.exec?.command;
  return Array.isArray(cmd) && cmd[0] === 'pilot-agent' && cmd[1] === 'wait';
}

/**
 * The `proxy.istio.io/config` annotation without holdApplicationUntilProxyStarts: the new value,
 * `null` to remove the annotation, or undefined when it does not set it.
 */
export function withoutHoldApplication(config: string): string | null | undefined {
  let value: unknown;
  try {
    value = parse(config);
  } catch {
    return undefined;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const rec = { ...(value as Record<string, unknown>) };
  if (!('holdApplicationUntilProxyStarts' in rec)) return undefined;
  delete rec['holdApplicationUntilProxyStarts'];
  if (Object.keys(rec).length === 0) return null;
  return config.trim().startsWith('{') ? JSON.stringify(rec) : stringify(rec);
}

// ---------------------------------------------------------------------------------------------
// Step 3 of migrate: the pod-level workarounds, once the sidecars `moved` are native.

/** The pod template's annotations as they now are ({} when none). */
function annotationsOf(edit: Edit): Record<string, unknown> {
  const ann = edit.get([...edit.template.metadataPath, 'annotations']);
  return isRecord(ann) ? ann : {};
}

/** Istio's holdApplicationUntilProxyStarts, when istio-proxy is now native. */
export function dropHoldApplication(edit: Edit, moved: readonly string[]): void {
  const proxyConfig = annotationsOf(edit)['proxy.istio.io/config'];
  if (typeof proxyConfig !== 'string' || !moved.includes('istio-proxy')) return;
  const next = withoutHoldApplication(proxyConfig);
  if (next === undefined) return;
  const field = [...edit.template.metadataPath, 'annotations', 'proxy.istio.io/config'];
  if (next === null) edit.apply({ op: 'remove', path: toPointer(field) });
  else edit.apply({ op: 'replace', path: toPointer(field), value: next });
  edit.change(
    field,
    'removed holdApplicationUntilProxyStarts: the native istio-proxy holds the app with its startupProbe',
  );
}

/** Linkerd's proxy-await and wait-before-exit annotations, when linkerd-proxy is now native. */
export function dropLinkerdAnnotations(
  edit: Edit,
  moved: readonly string[],
  version: VersionInfo,
): void {
  const ann = annotationsOf(edit);
  for (const key of [
    'config.linkerd.io/proxy-await',
    'config.alpha.linkerd.io/proxy-wait-before-exit-seconds',
  ]) {
    if (!moved.includes('linkerd-proxy') || ann[key] === undefined) continue;
    if (key.includes('wait-before-exit') && !version.terminationOrdering) continue;
    const field = [...edit.template.metadataPath, 'annotations', key];
    edit.apply({ op: 'remove', path: toPointer(field) });
    edit.change(field, `removed ${key}: not needed with a native linkerd-proxy`);
  }
}

/** In a pod that runs to completion: the app's calls that stopped its sidecars at the end. */
export function dropQuitCalls(edit: Edit, object: Readonly<Record<string, unknown>>): void {
  if (!runsToCompletion(object, edit.spec() as Record<string, unknown>)) return;
  const apps = edit.spec('containers') as Record<string, unknown>[];
  apps.forEach((c, ci) => {
    for (const key of ['command', 'args'] as const) {
      const argv = c[key];
      if (!Array.isArray(argv) || !argv.every((s) => typeof s === 'string')) continue;
      dropQuitCallsIn(edit, String(c['name']), ci, key, argv as string[]);
    }
  });
}

function dropQuitCallsIn(
  edit: Edit,
  name: string,
  ci: number,
  key: 'command' | 'args',
  argv: readonly string[],
): void {
  const field = [...edit.template.specPath, 'containers', ci, key];
  const unwrapped = unwrapLinkerdAwait(argv);
  if (unwrapped !== null) {
    edit.apply({ op: 'replace', path: edit.pointer('containers', ci, key), value: unwrapped });
    edit.change(field, `${name}: removed the linkerd-await --shutdown wrapper`);
    return;
  }
  argv.forEach((s, si) => {
    const stripped = stripQuitCalls(s);
    if (stripped === null) return;
    edit.apply({ op: 'replace', path: edit.pointer('containers', ci, key, si), value: stripped });
    edit.change(
      [...field, si],
      `${name}: removed the call that stopped the sidecar at the end of the job: native sidecars do not block completion`,
    );
  });
}
