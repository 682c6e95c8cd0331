/**
 * The CLI program over a table of commands, shared by the two entries: main.ts (every command)
 * and run-main.ts (only `run`, the entry of the launcher's bundle for `sidecarctl run`, which
 * then loads none of the other commands' code). Both build the same program for a command line
 * that names `run`: buildProgram loads only the command the line names.
 */
import { basename } from 'node:path';
import { Command, CommanderError } from 'commander';
import { packageVersion } from '../package-version.js';
import { reportError } from './common.js';
import { reflowDescriptions } from './help-text.js';

type Register = (program: Command) => void;

/** One command of the table: its names and its module, loaded only when needed. */
export interface CommandEntry {
  readonly names: readonly string[];
  readonly load: () => Promise<Register>;
}

/**
 * The first argument that is not an option: the command name, if any (bin/sidecarctl chooses
 * its bundle by the same rule).
 */
export function commandNameOf(args: readonly string[]): string | undefined {
  return args.find((a) => !a.startsWith('-'));
}

/**
 * Builds the CLI. Each command lives in its own file under commands/.
 * @param commands - the table, in the order of `sidecarctl --help`
 * @param args - the user's arguments (after `node script`); all commands are loaded when omitted
 */
export async function buildProgram(
  commands: readonly CommandEntry[],
  args?: readonly string[],
): Promise<Command> {
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
  const wanted = commands.filter((c) => name === undefined || c.names.includes(name));
  // An unknown command name loads them all, so commander can suggest the closest one.
  for (const c of versionOnly ? [] : wanted.length > 0 ? wanted : commands)
    (await c.load())(program);
  for (const cmd of program.commands) cmd.exitOverride();
  reflowDescriptions(program);
  return program;
}

/** Runs the CLI over `argv` (node, script, arguments...) with this table of commands. */
export async function main(
  argv: readonly string[],
  commands: readonly CommandEntry[],
): Promise<void> {
  // A reader that goes away (`sidecarctl ... | head`) ends the output, not the process with a
  // stack trace: stop quietly, as a Go program killed by SIGPIPE does.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
  if (argv[2] === '__complete') {
    // cobra's completion protocol (the shells' scripts, kubectl's plugin completion).
    const { complete } = await import('./completion.js');
    process.stdout.write(complete(await buildProgram(commands), argv.slice(3)));
    return;
  }
  try {
    const program = await buildProgram(commands, argv.slice(2));
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

/** Starts the CLI over this process's arguments; an error nobody caught is one line. */
export function start(commands: readonly CommandEntry[]): void {
  main(process.argv, commands).catch((e: unknown) => {
    process.exitCode = reportError(e);
  });
}
