/**
 * The output side of the rewriting commands (inject, migrate): the rewritten manifests as YAML
 * (or JSON files as JSON), a JSON report, the RFC 6902 patches, a unified diff, or the files
 * rewritten in place.
 */
import { SidecarError } from '../errors.js';
import { qualifiedName } from '../manifest/objects.js';
import { checkWritable, withSignalCleanup, writeFileAtomic } from './atomic-write.js';
import type { RewriteOutcome, RewrittenObject } from './rewrite-files.js';
import { unifiedDiff } from './unified-diff.js';

export const REWRITE_FORMATS = ['yaml', 'json', 'patch', 'diff'] as const;
export type RewriteFormat = (typeof REWRITE_FORMATS)[number];

/**
 * A file's name in a diff header as git writes it (`git diff --no-index`): relative names as
 * given without a leading `./`, absolute ones without their leading `/`, so that `a/` and `b/`
 * prefixes stay `patch -p1` friendly.
 */
export function diffPath(path: string): string {
  return path.replace(/^(\.\/)+/, '').replace(/^\/+/, '');
}

/**
 * The text for stdout. `patch` prints the patch array when there is one pod-bearing object, and
 * one JSON line `{file, index, kind, namespace, name, patch}` per object otherwise.
 */
export function formatRewrite<R>(
  rewrite: RewriteOutcome<R>,
  format: RewriteFormat,
  report: (result: R) => Record<string, unknown>,
  header: Record<string, unknown>,
): string {
  if (format === 'diff') {
    return rewrite.files
      .filter((f) => f.changed)
      .map((f) => unifiedDiff(f.before, f.after, `a/${diffPath(f.path)}`, `b/${diffPath(f.path)}`))
      .join('');
  }
  if (format === 'patch') {
    if (rewrite.objects.length === 1)
      return JSON.stringify(rewrite.objects[0]!.patch, null, 2) + '\n';
    return rewrite.objects
      .map((o) =>
        JSON.stringify({
          file: o.object.document.file,
          index: o.object.document.index,
          ...(o.object.item !== undefined ? { item: o.object.item } : {}),
          kind: o.object.kind,
          namespace: o.object.namespace,
          name: o.object.name,
          patch: o.patch,
        }),
      )
      .map((l) => l + '\n')
      .join('');
  }
  if (format === 'json') {
    const objects = rewrite.objects.map((o) => ({
      file: o.object.document.file,
      index: o.object.document.index,
      ...(o.object.item !== undefined ? { item: o.object.item } : {}),
      kind: o.object.kind,
      namespace: o.object.namespace,
      name: o.object.name,
      changed: o.patch.length > 0,
      patch: o.patch,
      ...report(o.result),
      object: o.after,
    }));
    return JSON.stringify({ ...header, objects }, null, 2) + '\n';
  }
  const texts = rewrite.files.map((f) => f.after);
  return texts
    .map((t, i) => {
      if (i === 0) return t;
      const prev = texts[i - 1]!;
      return (prev.endsWith('\n') ? '' : '\n') + (t.startsWith('---') ? '' : '---\n') + t;
    })
    .join('');
}

/**
 * Writes the changed files in place (keeping their identity: see atomic-write.ts); returns their
 * paths. Every file is checked first (a file path, not stdin; a regular file, not read-only,
 * writable), so that one refusal leaves all of them as they were rather than half rewritten.
 * @throws SidecarError SIDECAR_E_USAGE for stdin, SIDECAR_E_WRITE naming the file
 */
export function writeInPlace<R>(rewrite: RewriteOutcome<R>): string[] {
  const changed = rewrite.files.filter((f) => f.changed);
  for (const f of changed)
    if (f.path === '-')
      throw new SidecarError('SIDECAR_E_USAGE', '--in-place cannot write to stdin (-)');
  const targets = changed.map((f) => ({ file: f, target: checkWritable(f.path) }));
  return withSignalCleanup(() => {
    const written: string[] = [];
    for (const { file, target } of targets) {
      writeFileAtomic(file.path, file.after, target);
      written.push(file.path);
    }
    return written;
  });
}

/** `file: ns/name (Kind)`, how the commands name an object on stderr. */
export function objectLabel<R>(o: RewrittenObject<R>): string {
  return `${o.object.document.file}: ${o.object.kind}/${qualifiedName(o.object)}`;
}
