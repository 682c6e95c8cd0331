import { Option, type Command } from 'commander';
import { loadInputs } from '../../manifest/load.js';
import { allRules, enabledRules } from '../../validate/registry.js';
import { formatJson, formatSarif, formatText } from '../../validate/format.js';
import { validateInput } from '../../validate/validate.js';
import { packageVersion } from '../../package-version.js';
import {
  action,
  addCommonOptions,
  collect,
  inputPaths,
  versionOf,
  writeOut,
  type CommonOptions,
  collectPaths,
  FILENAME_FLAGS,
  FILENAME_HELP,
} from '../common.js';

interface ValidateOptions extends CommonOptions {
  enable?: string[];
  disable?: string[];
  listRules?: boolean;
  catalog?: string[];
  failOn?: 'warning' | 'error';
}

export function registerValidate(program: Command): void {
  const cmd = program
    .command('validate')
    .alias('lint')
    .summary('check manifests as the API server of a version would, and flag what will not work')
    .description(
      'Check every pod template in the given files, folders (recursively *.yaml, *.yml, *.json) or stdin (-)\n' +
        'as the kube-apiserver of --k8s-version would (category api), plus what it accepts that will not\n' +
        'work (compat, lifecycle) and sidecar best practices (practice).\n\n' +
        'Exit status: 0 no errors, 1 at least one error (or warning, with --fail-on warning),\n' +
        '2 bad usage or unreadable input.',
    )
    .argument('[paths...]', 'files, folders, or - for stdin')
    .option(FILENAME_FLAGS, FILENAME_HELP, collectPaths)
    .option(
      '--enable <rule>',
      'enable a rule, category or "all" (repeatable, comma-separated)',
      collect,
    )
    .option(
      '--disable <rule>',
      'disable a rule, category or "all" (repeatable, comma-separated)',
      collect,
    )
    .option(
      '--catalog <file|dir>',
      'catalog entry files to add to the built-in ones (repeatable)',
      collect,
    )
    .option('--list-rules', 'list the rules with their one-line docs and exit')
    .addOption(
      new Option('--fail-on <severity>', 'exit 1 for findings at or above this severity')
        .choices(['warning', 'error'])
        .default('error'),
    );
  addCommonOptions(cmd, ['text', 'json', 'sarif'], 'text');
  cmd.action(
    action(async (paths: string[], opts: ValidateOptions) => {
      if (opts.listRules === true) {
        const on = enabledRules(opts.enable, opts.disable);
        const lines = allRules().map(
          (r) =>
            `${r.id.padEnd(40)} ${r.category.padEnd(9)} ${r.severity.padEnd(7)} ${on.has(r.id) ? 'on ' : 'off'} ${r.doc}`,
        );
        await writeOut(lines.join('\n') + '\n');
        return 0;
      }
      const version = versionOf(opts);
      const enabled = enabledRules(opts.enable, opts.disable);
      // The lint rules recognise the user's sidecars too (a classic one in a Job, ...). The
      // loader (ajv) is only loaded when asked for: validate starts faster without it.
      const catalog =
        opts.catalog === undefined
          ? undefined
          : (await import('../../catalog/load.js')).loadCatalog(opts.catalog);
      const input = loadInputs(inputPaths(paths, opts.filename));
      const report = validateInput(input, {
        version,
        enabled,
        ...(catalog !== undefined ? { catalog } : {}),
      });
      const out =
        opts.output === 'json'
          ? formatJson(report)
          : opts.output === 'sarif'
            ? formatSarif(report, packageVersion())
            : formatText(report);
      await writeOut(out);
      return failed(report, opts.failOn ?? 'error') ? 1 : 0;
    }),
  );
}

/** Whether a report fails at `--fail-on`: errors always, warnings too with `warning`. */
export function failed(
  report: { readonly errors: number; readonly warnings: number },
  failOn: 'warning' | 'error',
): boolean {
  return report.errors > 0 || (failOn === 'warning' && report.warnings > 0);
}
