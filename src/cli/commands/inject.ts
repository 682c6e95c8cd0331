import type { Command } from 'commander';
import { Option } from 'commander';
import { loadCatalog } from '../../catalog/load.js';
import type { InjectMode } from '../../inject/inject.js';
import { REWRITE_FORMATS, type RewriteFormat } from '../../rewrite/output.js';
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
import { runRewrite } from '../rewrite-command.js';
import type { InjectRecipe } from '../rewrite-jobs.js';

interface InjectOptions extends CommonOptions {
  with?: string[];
  catalog?: string[];
  mode?: InjectMode;
  inPlace?: boolean;
  explain?: boolean;
  listEntries?: boolean;
}

export function registerInject(program: Command): void {
  const cmd = program
    .command('inject')
    .summary('add catalog sidecars to the pod templates that ask for them')
    .description(
      [
        'Add catalog sidecars to every pod template that asks for them with the',
        'annotation sidecarctl.io/inject: "fluent-bit,envoy" (or to all with --with), and',
        'Vault Agent to pods with vault.hashicorp.com/agent-inject: "true".',
        'sidecarctl.io/<entry>.<param> annotations set parameters per pod.',
        '',
        '--mode auto gives native sidecars where the version has them (1.29+, or 1.28',
        'with the gate) and classic ones otherwise; sidecarctl.io/mode overrides it per',
        'pod. Re-running changes nothing: sidecarctl.io/inject-status records the',
        'entries, the mode and a digest. -o patch prints the RFC 6902 patch (an array',
        'for one object, else one JSON line per object); --explain says why each entry',
        'was or was not injected.',
        '',
        'Exit status: 0 done, 1 native mode forced on a version without sidecars,',
        '2 bad usage or unreadable input.',
      ].join('\n'),
    )
    .argument('[paths...]', 'files, folders, or - for stdin')
    .option(FILENAME_FLAGS, FILENAME_HELP, collectPaths)
    .option(
      '--with <names>',
      'inject these entries into every pod template (repeatable, comma-separated)',
      collect,
    )
    .option(
      '--catalog <file|dir>',
      'catalog entry files to add to the built-in ones (repeatable)',
      collect,
    )
    .addOption(
      new Option('--mode <mode>', 'native, classic, or auto (by version)')
        .choices(['auto', 'native', 'classic'])
        .default('auto'),
    )
    .option(
      '--in-place',
      'rewrite the files (atomically, keeping their mode) instead of printing them',
    )
    .option('--explain', 'say, per pod and entry, why it was or was not injected (on stderr)')
    .option('--list-entries', 'list the catalog entries and exit');
  addCommonOptions(cmd, REWRITE_FORMATS, 'yaml');
  cmd.action(
    action(async (paths: string[], opts: InjectOptions) => {
      const catalog = loadCatalog(opts.catalog ?? []);
      if (opts.listEntries === true) {
        const lines = [...catalog.entries.values()].map(
          (e) => `${e.name.padEnd(20)} ${e.source.padEnd(10)} ${e.description}`,
        );
        await writeOut(lines.join('\n') + '\n');
        return 0;
      }
      const version = versionOf(opts);
      const recipe: InjectRecipe = {
        command: 'inject',
        catalog,
        version,
        format: (opts.output ?? 'yaml') as RewriteFormat,
        mode: opts.mode ?? 'auto',
        with: opts.with ?? [],
        explain: opts.explain === true,
      };
      return runRewrite(inputPaths(paths, opts.filename), recipe, {
        paths: [...paths, ...(opts.filename ?? [])],
        inPlace: opts.inPlace === true,
        wrote: 'injected into',
      });
    }),
  );
}
