/**
 * Small facts about a pod spec that several lint rules need: the grace period, how long a
 * preStop hook takes, the field path of a container.
 */
import { joinPath } from '../manifest/field-path.js';
import { isRecord } from '../manifest/objects.js';
import type { ClassifiedContainer } from '../model/containers.js';
import type { RuleContext } from '../rules/rule.js';
import {
  commandWords,
  isInjectionPlaceholder,
  recognise,
  type Recognition,
} from '../catalog/recognise.js';

/** The API default of `terminationGracePeriodSeconds` (pkg/apis/core/v1/defaults.go). */
export const DEFAULT_GRACE_SECONDS = 30;

/** The pod spec as an object ({} when it is not one). */
export function specOf(ctx: RuleContext): Readonly<Record<string, unknown>> {
  return isRecord(ctx.template.spec) ? ctx.template.spec : {};
}

/** A field path from the object's root: `spec.template.spec.initContainers[1].image`. */
export function fieldOf(ctx: RuleContext, rel: string): string {
  return joinPath(ctx.template.specField, rel);
}

/** The path of a container field from the object's root. */
export function containerField(ctx: RuleContext, c: ClassifiedContainer, rel = ''): string {
  return fieldOf(ctx, rel === '' ? c.path : `${c.path}.${rel}`);
}

/** `spec.terminationGracePeriodSeconds`, or the default 30 when unset or not a number. */
export function graceSeconds(spec: Readonly<Record<string, unknown>>): number {
  const g = spec['terminationGracePeriodSeconds'];
  return typeof g === 'number' && Number.isFinite(g) && g >= 0 ? g : DEFAULT_GRACE_SECONDS;
}

/** The pod restartPolicy as written, defaulting to `Always` like the API server. */
export function podRestartPolicy(spec: Readonly<Record<string, unknown>>): string {
  const p = spec['restartPolicy'];
  return typeof p === 'string' ? p : 'Always';
}

/** True when the pod is meant to complete: a Job/CronJob, or a pod with Never/OnFailure. */
export function runsToCompletion(ctx: RuleContext): boolean {
  const policy = podRestartPolicy(specOf(ctx));
  return ctx.template.isJob || policy === 'Never' || policy === 'OnFailure';
}

/** A probe or hook object of a container, or null. */
export function probeOf(
  c: ClassifiedContainer,
  name: string,
): Readonly<Record<string, unknown>> | null {
  const p = c.spec[name];
  return isRecord(p) ? p : null;
}

export function hookOf(
  c: ClassifiedContainer,
  hook: 'postStart' | 'preStop',
): Readonly<Record<string, unknown>> | null {
  const lc = c.spec['lifecycle'];
  if (!isRecord(lc)) return null;
  const h = lc[hook];
  return isRecord(h) ? h : null;
}

/**
 * The seconds a preStop hook is known to take: `sleep.seconds`, or the `sleep N` calls of an
 * exec command (`["sleep", "20"]`, `["/bin/sh", "-c", "sleep 5 && drain"]`, summed). Null when
 * nothing tells (an httpGet, a command without sleep). The kubelet waits for the hook at most
 * the grace period (killContainer, reference section e.2 step 2).
 */
export function preStopSeconds(c: ClassifiedContainer): number | null {
  const hook = hookOf(c, 'preStop');
  if (hook === null) return null;
  const sleep = hook['sleep'];
  if (isRecord(sleep) && typeof sleep['seconds'] === 'number') return sleep['seconds'];
  const exec = hook['exec'];
  if (!isRecord(exec) || !Array.isArray(exec['command'])) return null;
  const words = exec['command'].filter((w): w is string => typeof w === 'string');
  const text = words.join(' ');
  let total = 0;
  let found = false;
  for (const m of text.matchAll(
    /(?:^|[\s;&|(])(?:\/bin\/|\/usr\/bin\/)?sleep\s+["']?(\d+(?:\.\d+)?)(s|m)?\b/g,
  )) {
    const n = Number(m[1]);
    total += m[2] === 'm' ? n * 60 : n;
    found = true;
  }
  return found ? total : null;
}

/** A container that acts as a sidecar, native or classic. */
export interface SidecarView {
  readonly container: ClassifiedContainer;
  /** An init container with `restartPolicy: Always` (a sidecar when the version has them). */
  readonly native: boolean;
  /** The product, when the image or name is a catalog sidecar. */
  readonly known: Recognition | null;
}

/**
 * The sidecars of a pod: every init container written with `restartPolicy: Always` (whether or
 * not the version honours it: the author meant a sidecar), and every catalog sidecar among
 * `containers` when the pod has more than one container (a classic sidecar).
 */
export function sidecarsOf(ctx: RuleContext): SidecarView[] {
  const regular = ctx.containers.filter((c) => c.kind === 'regular');
  const out: SidecarView[] = [];
  for (const c of ctx.containers) {
    if (isInjectionPlaceholder(c.spec)) continue;
    if (c.list === 'initContainers' && c.spec['restartPolicy'] === 'Always') {
      out.push({ container: c, native: true, known: recognise(c.spec, ctx.catalog) });
    } else if (c.kind === 'regular' && regular.length > 1) {
      const known = recognise(c.spec, ctx.catalog);
      if (known !== null) out.push({ container: c, native: false, known });
    }
  }
  return out;
}

/**
 * Flags with which a known sidecar exits by itself (vault `-exit-after-auth`, git-sync
 * `--one-time`), so it does not keep a Job alive.
 */
export function exitsByItself(container: Readonly<Record<string, unknown>>): boolean {
  return commandWords(container).some((w) =>
    /(^|\s)--?(exit-after-auth|one-time|oneshot)(=true)?(\s|$)/.test(w),
  );
}
