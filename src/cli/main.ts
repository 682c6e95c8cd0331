#!/usr/bin/env node
import { basename } from 'node:path';
import { Command, CommanderError } from 'commander';
import { packageVersion } from '../package-version.js';
import { reportError } from './common.js';

type Register = (program: Command) => void;

/**
 * The commands, in the order of `sidecarctl --help`, each loaded only when needed: a command
 * line that names one command loads just that module (and `--version` loads none), so the
 * libraries of the other commands stay off the start-up path.
 */
const COMMANDS: readonly {
  readonly names: readonly string[];
  readonly load: () => Promise<Register>;
}[] = [
  {
    names: ['validate', 'lint'],
    load: async () => (await import('./commands/validate.js')).registerValidate,
  },
  {
    names: ['resources'],
    load: async () => (await import('./commands/resources.js')).registerResources,
  },
  {
    names: ['simulate'],
    load: async () => (await import('./commands/simulate.js')).registerSimulate,
  },
  { names: ['run'], load: async () => (await import('./commands/run.js')).registerRun },
  { names: ['logs'], load: async () => (await import('./commands/logs.js')).registerLogs },
  { names: ['get'], load: async () => (await import('./commands/get.js')).registerGet },
  { names: ['delete'], load: async () => (await import('./commands/delete.js')).registerDelete },
  { names: ['explain'], load: async () => (await import('./commands/explain.js')).registerExplain },
  { names: ['version'], load: async () => (await import('./commands/version.js')).registerVersion },
  {
    names: ['completion'],
    load: async () => (await import('./commands/completion.js')).registerCompletion,
  },
  { names: ['migrate'], load: async () => (await import('./commands/migrate.js')).registerMigrate },
  { names: ['inject'], load: async () => (await import('./commands/inject.js')).registerInject },
  { names: ['serve'], load: async () => (await import('./commands/serve.js')).registerServe },
  { names: ['audit'], load: async () => (await import('./commands/audit.js')).registerAudit },
  { names: ['why'], load: async () => (await import('./commands/why.js')).registerWhy },
  { names: ['webhook'], load: async () => (await import('./commands/webhook.js')).registerWebhook },
];

/** The first argument that is not an option: the command name, if any. */
function commandNameOf(args: readonly string[]): string | undefined {
  return args.find((a) => !a.startsWith('-'));
}

/**
 * Builds the CLI. Each command lives in its own file under commands/.
 * @param args - the user's arguments (after `node script`); all commands are loaded when omitted
 */
export async function buildProgram(args?: readonly string[]): Promise<Command> {
  const program = new Command();
  program
    // Installed as kubectl-sidecar, kubectl runs us as `kubectl sidecar`: say so in usage lines.
    .name(basename(process.argv[1] ?? '') === 'kubectl-sidecar' ? 'kubectl sidecar' : 'sidecarctl')
    .description(
      'Kubernetes sidecar containers as a working system: validate, simulate, run, migrate and inject.',
    )
    .version(packageVersion(), '--version', 'print the version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({
      outputError: (str, write) => write(`sidecarctl: ${str.replace(/^error: /, '')}`),
    });
  const name = args === undefined ? undefined : commandNameOf(args);
  const versionOnly = args !== undefined && args.length === 1 && args[0] === '--version';
  const wanted = COMMANDS.filter((c) => name === undefined || c.names.includes(name));
  // An unknown command name loads them all, so commander can suggest the closest one.
  for (const c of versionOnly ? [] : wanted.length > 0 ? wanted : COMMANDS)
    (await c.load())(program);
  for (const cmd of program.commands) cmd.exitOverride();
  return program;
}

async function main(argv: readonly string[]): Promise<void> {
  // A reader that goes away (`sidecarctl ... | head`) ends the output, not the process with a
  // stack trace: stop quietly, as a Go program killed by SIGPIPE does.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
  if (argv[2] === '__complete') {
    // cobra's completion protocol (the shells' scripts, kubectl's plugin completion).
    const { complete } = await import('./completion.js');
    process.stdout.write(complete(await buildProgram(), argv.slice(3)));
    return;
  }
  try {
    const program = await buildProgram(argv.slice(2));
    await program.parseAsync([...argv]);
  } catch (e) {
    if (e instanceof CommanderError) {
      // help and --version exit 0; every other commander error is bad usage (2), as in kubectl.
      process.exitCode = e.exitCode === 0 ? 0 : 2;
      return;
    }
    process.exitCode = reportError(e);
  }
}

main(process.argv).catch((e: unknown) => {
  process.exitCode = reportError(e);
});
