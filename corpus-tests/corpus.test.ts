/**
 * The real-world corpus check of issue 2: `validate --k8s-version 1.33` over every file of
 * ../shared/corpus (Istio injector outputs end in `.yaml.injected`, Linkerd's in `.golden.yml`,
 * so the files are named explicitly rather than found by a folder walk). These manifests are
 * accepted by real API servers, so every `api` error must be one the 1.33 API server also gives:
 * each such finding is listed in API_ALLOWLIST with the reason it is real.
 *
 * Skipped cleanly when ../shared/corpus is absent (a clone outside the workspace).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadInputs } from '../src/manifest/load.js';
import { resolveVersion } from '../src/model/versions.js';
import type { Diagnostic } from '../src/validate/diagnostic.js';
import { validateInput } from '../src/validate/validate.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
// SIDECARCTL_CORPUS points elsewhere (e.g. to check the skip with a missing folder).
const CORPUS =
  process.env['SIDECARCTL_CORPUS'] ??
  fileURLToPath(new URL('../../shared/corpus', import.meta.url));

/** An `api` error the real 1.33 API server also reports for a corpus file. */
interface AllowedApiError {
  /** The file's name inside its corpus folder. */
  readonly file: string;
  readonly rule: string;
  readonly field: string;
  /** Why the API server rejects it too (cite the validation rule). */
  readonly reason: string;
}

// Filled by the owner of src/api/ as findings are confirmed against Kubernetes' validation.
const API_ALLOWLIST: readonly AllowedApiError[] = [];

function corpusFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...corpusFiles(full));
    else if (entry.isFile() && !entry.name.endsWith('.md')) out.push(full);
  }
  return out.sort();
}

const present = existsSync(CORPUS);

describe(
  'the shared corpus under validate --k8s-version 1.33',
  { skip: present ? false : `${CORPUS} is absent` },
  () => {
    const files = present ? corpusFiles(CORPUS) : [];

    it('when every corpus file is validated through the library then nothing throws and every api error is allowlisted', (t) => {
      assert.ok(files.length > 0, 'the corpus has files');
      const report = validateInput(loadInputs(files), { version: resolveVersion('1.33') });
      assert.ok(report.objects.length >= files.length, 'every file yields at least one object');
      const all: Diagnostic[] = report.objects.flatMap((o) => o.diagnostics);
      const byCategory = new Map<string, number>();
      for (const d of all) byCategory.set(d.category, (byCategory.get(d.category) ?? 0) + 1);
      t.diagnostic(
        `${String(files.length)} files, ${String(report.objects.length)} objects, findings: ${JSON.stringify(Object.fromEntries(byCategory))}`,
      );
      const unexplained = all
        .filter((d) => d.category === 'api' && d.severity === 'error')
        .filter(
          (d) =>
            !API_ALLOWLIST.some(
              (a) => a.file === basename(d.file) && a.rule === d.rule && a.field === d.field,
            ),
        )
        .map((d) => `${basename(d.file)}:${String(d.line)}: [${d.rule}] ${d.field}: ${d.message}`);
      assert.deepEqual(unexplained, [], 'api errors on manifests real API servers accept');
    });

    it('when the CLI validates the whole corpus then it exits 0 or 1, never 2, and prints no stack trace', () => {
      const main = join(ROOT, 'src', 'cli', 'main.ts');
      const r = spawnSync(
        process.execPath,
        ['--import', 'tsx', main, 'validate', '--k8s-version', '1.33', ...files],
        {
          cwd: ROOT,
          encoding: 'utf8',
          maxBuffer: 512 * 1024 * 1024,
        },
      );
      assert.ok(r.status === 0 || r.status === 1, `exit status ${String(r.status)}: ${r.stderr}`);
      for (const stream of [r.stdout, r.stderr]) {
        assert.doesNotMatch(stream, /^\s+at .+\(.*:\d+:\d+\)$/m, 'no stack trace');
        assert.doesNotMatch(stream, /internal error/);
      }
      assert.match(
        r.stdout,
        /error\(s\), \d+ warning\(s\) in \d+ object\(s\) \(Kubernetes 1\.33\)\n$/,
      );
    });
  },
);
