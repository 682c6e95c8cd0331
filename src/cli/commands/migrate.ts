import type { Command } from 'commander';
import { loadCatalog } from '../../catalog/load.js';
import { checkMigrateVersion } from '../../migrate/migrate.js';
import { REWRITE_FORMATS, type RewriteFormat } from '../../rewrite/output.js';
import {
  action,
  addCommonOptions,
  collect,
  inputPaths,
  versionOf,
  type CommonOptions,
  collectPaths,
  FILENAME_FLAGS,
  FILENAME_HELP,
} from '../common.js';
import { runRewrite } from '../rewrite-command.js';
import type { MigrateRecipe } from '../rewrite-jobs.js';

interface MigrateOptions extends CommonOptions {
  sidecar?: string[];
  catalog?: string[];
  inPlace?: boolean;
}

export function registerMigrate(program: Command): void {
  const cmd = program
    .command('migrate')
    .summary('turn classic sidecars into native ones (initContainers with restartPolicy: Always)')
    .description(
      [
        'Find classic sidecars (catalog images and names, names that say "sidecar",',
        '--sidecar) and move them into initContainers with restartPolicy: Always, in the',
        'order the catalog asks (a mesh proxy before the init containers that need the',
        'network). A readinessProbe also becomes a startupProbe where that is safe,',
        'kubectl.kubernetes.io/default-container keeps kubectl on the app, and the',
        'classic workarounds go (holdApplicationUntilProxyStarts, /quitquitquit and',
        'shutdown calls in Jobs, sleep-only preStop hooks). Each change is reported on',
        'stderr; lines that do not move stay byte-identical.',
        '',
        'Needs Kubernetes 1.29+, or 1.28 with --feature-gates SidecarContainers=true.',
        'Exit status: 0 done, 1 refused for the version, 2 bad usage or unreadable input.',
      ].join('\n'),
    )
    .argument('[paths...]', 'files, folders, or - for stdin')
    .option(FILENAME_FLAGS, FILENAME_HELP, collectPaths)
    .option(
      '--sidecar <name>',
      'treat this container as a sidecar (repeatable, comma-separated)',
      collect,
    )
    .option('--catalog <file|dir>', 'extra catalog entries to recognise (repeatable)', collect)
    .option(
      '--in-place',
      'rewrite the files (atomically, keeping their mode) instead of printing them',
    );
  addCommonOptions(cmd, REWRITE_FORMATS, 'yaml');
  cmd.action(
    action(async (paths: string[], opts: MigrateOptions) => {
      const version = versionOf(opts);
      checkMigrateVersion(version);
      const catalog = loadCatalog(opts.catalog ?? []);
      const recipe: MigrateRecipe = {
        command: 'migrate',
        catalog,
        version,
        format: (opts.output ?? 'yaml') as RewriteFormat,
        sidecars: opts.sidecar ?? [],
      };
      return runRewrite(inputPaths(paths, opts.filename), recipe, {
        paths: [...paths, ...(opts.filename ?? [])],
        inPlace: opts.inPlace === true,
        wrote: 'migrated',
      });
    }),
  );
}
