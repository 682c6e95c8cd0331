import type { Command } from 'commander';
import { loadInputs, requireWhole } from '../../manifest/load.js';
import {
  formatResourcesJson,
  formatResourcesText,
  resourcesReport,
} from '../../resources/report.js';
import {
  action,
  addCommonOptions,
  inputPaths,
  versionOf,
  writeOut,
  type CommonOptions,
  collectPaths,
  FILENAME_FLAGS,
  FILENAME_HELP,
} from '../common.js';

export function registerResources(program: Command): void {
  const cmd = program
    .command('resources')
    .summary('effective pod requests and limits, as the scheduler computes them')
    .description(
      'Print the effective requests and limits of every pod template in the given files, folders\n' +
        '(recursively *.yaml, *.yml, *.json) or stdin (-), as the scheduler of --k8s-version computes\n' +
        'them: earlier sidecars add to later init containers, overhead is added; without native\n' +
        'sidecars (<= 1.27, or 1.28 with the gate off) sidecars count as plain init containers.\n\n' +
        'Exit status: 0 success, 2 bad usage or unreadable input.',
    )
    .argument('[paths...]', 'files, folders, or - for stdin')
    .option(FILENAME_FLAGS, FILENAME_HELP, collectPaths);
  addCommonOptions(cmd, ['text', 'json'], 'text');
  cmd.action(
    action(async (paths: string[], opts: CommonOptions) => {
      const version = versionOf(opts);
      // Broken YAML is bad input here (exit 2), as for every command but validate.
      const input = requireWhole(loadInputs(inputPaths(paths, opts.filename)), 'SIDECAR_E_PARSE');
      const { report, skipped } = resourcesReport(input, version);
      for (const s of skipped) {
        process.stderr.write(
          `sidecarctl: ${s.file}:${String(s.line)}:${String(s.column)}: skipped: ${s.message}\n`,
        );
      }
      await writeOut(
        opts.output === 'json' ? formatResourcesJson(report) : formatResourcesText(report),
      );
      return 0;
    }),
  );
}
