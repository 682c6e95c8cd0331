/**
 * Drives every command's library entry point with one input text, as the CLI would, and
 * returns what broke the promise: an error that is not a SidecarError (or is SIDECAR_E_INTERNAL),
 * a JSON output that does not parse, a control character in human-readable output, a Node
 * warning, or a step slower than the budget.
 */
import { entriesFromSources } from '../../src/catalog/load.js';
import { builtinCatalog } from '../../src/catalog/builtin.js';
import type { Catalog } from '../../src/catalog/types.js';
import { isSidecarError } from '../../src/errors.js';
import { injectObject } from '../../src/inject/inject.js';
import { fromText, type LoadedInput } from '../../src/manifest/load.js';
import { migrateObject } from '../../src/migrate/migrate.js';
import { parseVersion, resolveVersion } from '../../src/model/versions.js';
import {
  formatResourcesJson,
  formatResourcesText,
  resourcesReport,
} from '../../src/resources/report.js';
import { formatRewrite, REWRITE_FORMATS } from '../../src/rewrite/output.js';
import { rewriteInput } from '../../src/rewrite/rewrite-files.js';
import { parseScenarioValue } from '../../src/simulate/scenario.js';
import { simulateInput } from '../../src/simulate/simulate-input.js';
import { renderView, VIEW_FORMATS } from '../../src/ui/render.js';
import { formatJson, formatSarif, formatText } from '../../src/validate/format.js';
import { validateInput } from '../../src/validate/validate.js';

/** One broken promise. */
export interface Failure {
  readonly step: string;
  readonly what: string;
}

export interface DriveOptions {
  readonly k8sVersion: string;
  /** Milliseconds one step may take. */
  readonly budgetMs: number;
  /** Treat the text as a catalog entry file too, and inject its entry into `manifest`. */
  readonly catalogInto?: string;
}

// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

/** Runs every entry point on `text`; the failures found (empty when all promises held). */
export function drive(text: string, opts: DriveOptions): Failure[] {
  const failures: Failure[] = [];
  const warnings: string[] = [];
  const onWarning = (w: Error): void => void warnings.push(w.message);
  process.on('warning', onWarning);
  try {
    driveAll(text, opts, failures);
  } finally {
    process.off('warning', onWarning);
  }
  // Warnings are emitted on the next tick; the ones already queued are caught by the caller's
  // listener too (see fuzz.test.ts), this catches the synchronous ones.
  for (const w of warnings) failures.push({ step: 'warning', what: w });
  return failures;
}

function driveAll(text: string, opts: DriveOptions, failures: Failure[]): void {
  const version = resolveVersion(parseVersion(opts.k8sVersion));
  const step = <T>(name: string, fn: () => T): T | undefined => {
    // CPU time, not wall time: every step is synchronous, so its CPU time is its work, whatever
    // else the machine runs (a 2-core machine at load 20 stretched 300 ms of work past 2 s).
    const start = process.cpuUsage();
    try {
      return fn();
    } catch (e) {
      if (!isSidecarError(e) || e.code === 'SIDECAR_E_INTERNAL') {
        failures.push({
          step: name,
          what: e instanceof Error ? (e.stack ?? e.message) : String(e),
        });
      }
      return undefined;
    } finally {
      const used = process.cpuUsage(start);
      const ms = (used.user + used.system) / 1000;
      if (ms > opts.budgetMs)
        failures.push({
          step: name,
          what: `took ${ms.toFixed(0)} ms of CPU (budget ${String(opts.budgetMs)})`,
        });
    }
  };
  const json = (name: string, out: string): void => {
    step(`${name} parses`, () => {
      try {
        JSON.parse(out);
      } catch (e) {
        failures.push({ step: name, what: `not JSON: ${String(e)}` });
      }
    });
  };
  const human = (name: string, out: string): void => {
    const m = RAW_CONTROL.exec(out);
    if (m !== null)
      failures.push({
        step: name,
        what: `raw control character U+${m[0].charCodeAt(0).toString(16).padStart(4, '0')} in text output`,
      });
  };

  const input = step('parse', () => fromText(text, 'fuzz.yaml'));
  if (input === undefined) return;

  // validate
  const report = step('validate', () => validateInput(input, { version }));
  if (report !== undefined) {
    const t = step('validate -o text', () => formatText(report));
    if (t !== undefined) human('validate -o text', t);
    const j = step('validate -o json', () => formatJson(report));
    if (j !== undefined) json('validate -o json', j);
    const s = step('validate -o sarif', () => formatSarif(report, '0.0.0'));
    if (s !== undefined) json('validate -o sarif', s);
  }

  // resources
  const res = step('resources', () => resourcesReport(input, version));
  if (res !== undefined) {
    const t = step('resources -o text', () => formatResourcesText(res.report));
    if (t !== undefined) human('resources -o text', t);
    const j = step('resources -o json', () => formatResourcesJson(res.report));
    if (j !== undefined) json('resources -o json', j);
  }

  // simulate
  const outcomes = step('simulate', () => simulateInput(input, { k8sVersion: opts.k8sVersion }));
  for (const { view } of outcomes ?? []) {
    for (const format of VIEW_FORMATS) {
      const out = step(`simulate -o ${format}`, () => renderView(view, format));
      if (out === undefined) continue;
      if (format === 'json') json('simulate -o json', out);
      if (format !== 'json') human(`simulate -o ${format}`, out);
    }
  }

  // Scenario documents, as a plain value
  for (const doc of input.documents) {
    if (doc.value !== null) step('parseScenarioValue', () => parseScenarioValue(doc.value));
  }

  // catalog: the text as a catalog entry file, its entry injected into a seed manifest
  let catalog: Catalog = builtinCatalog();
  const entries = step('catalog', () => entriesFromSources([{ path: 'fuzz.yaml', text }]));
  if (entries !== undefined && entries.length > 0 && opts.catalogInto !== undefined) {
    const entries2 = new Map(catalog.entries);
    for (const e of entries) entries2.set(e.name, e);
    catalog = { ...catalog, entries: entries2 };
    const target = fromText(opts.catalogInto, 'target.yaml');
    rewrite('inject --catalog', target, (o) => {
      const r = injectObject(o.value, catalog, {
        version,
        with: entries.map((e) => e.name),
      });
      return { patch: r.patch, result: r };
    });
  }

  // inject and migrate, through the rewrite path and every output format
  rewrite('inject', input, (o) => {
    const r = injectObject(o.value, catalog, { version, with: ['fluent-bit'] });
    return { patch: r.patch, result: r };
  });
  rewrite('inject --mode classic', input, (o) => {
    const r = injectObject(o.value, catalog, { version, mode: 'classic' });
    return { patch: r.patch, result: r };
  });
  rewrite('migrate', input, (o) => {
    const r = migrateObject(o.value, catalog, { version });
    return { patch: r.patch, result: r };
  });

  function rewrite<R>(
    name: string,
    loaded: LoadedInput,
    transform: Parameters<typeof rewriteInput<R>>[1],
  ): void {
    const rw = step(name, () => rewriteInput(loaded, transform));
    if (rw === undefined) return;
    for (const format of REWRITE_FORMATS) {
      const out = step(`${name} -o ${format}`, () =>
        formatRewrite(rw, format, () => ({}), { k8sVersion: version.version }),
      );
      if (out === undefined) continue;
      if (format === 'json') json(`${name} -o json`, out);
      if (format === 'patch') {
        for (const line of rw.objects.length === 1 ? [out] : out.split('\n').filter(Boolean))
          json(`${name} -o patch`, line);
      }
      if (format === 'yaml' && rw.files.some((f) => f.changed)) {
        // What inject/migrate print must read back as YAML.
        const back = step(`${name} -o yaml reads back`, () => fromText(out, 'out.yaml'));
        // A catalog entry nested near the limit lands deeper in the pod: reading it back may
        // then be refused as too deep, which is that limit, not a broken output.
        const bad = back?.documents.find(
          (d) =>
            d.error !== undefined && !d.error.message.startsWith('document is nested too deeply'),
        );
        if (bad !== undefined)
          failures.push({
            step: `${name} -o yaml`,
            what: `output is not valid YAML: ${bad.error!.message} at ${String(bad.error!.line)}`,
          });
      }
    }
  }
}
