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
  if (handler === null || typeof handler !== 'object') return false;
  const h = handler as Record<string, unknown>;
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
