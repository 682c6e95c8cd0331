/**
 * What every API check needs: where findings go, the version, and field-path helpers that build
 * paths the way apimachinery's field.Path does (`a.b`, `a[0]`, `a[key]`).
 */
import type { VersionInfo } from '../model/versions.js';
import type { RuleFinding } from '../rules/rule.js';
import type { ApiRuleId } from './rules.js';

export interface ApiCheck {
  readonly version: VersionInfo;
  /** The object's kind (Pod, Deployment, Job, ...). */
  readonly kind: string;
  readonly findings: RuleFinding[];
}

export function report(c: ApiCheck, rule: ApiRuleId, field: string, message: string): void {
  c.findings.push({ rule, field, message });
}

/** `path.Child(name)`. */
export function child(path: string, name: string): string {
  return path === '' ? name : `${path}.${name}`;
}

/** `path.Index(i)`. */
export function index(path: string, i: number): string {
  return `${path}[${String(i)}]`;
}

/** `path.Key(k)`, as for resource names: `limits[cpu]`. */
export function key(path: string, k: string): string {
  return `${path}[${k}]`;
}

/**
 * Runs checks only for what the decoder reports (wrong types, unknown fields): probes and hooks
 * that validation forbids as a whole are still decoded strictly first.
 */
export function decodeOnly(c: ApiCheck, run: (scratch: ApiCheck) => void): void {
  const scratch: ApiCheck = { version: c.version, kind: c.kind, findings: [] };
  run(scratch);
  for (const f of scratch.findings) {
    if (f.rule === 'api-decode' || f.rule === 'api-unknown-field') c.findings.push(f);
  }
}
