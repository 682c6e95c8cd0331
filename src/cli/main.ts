#!/usr/bin/env node
import { basename } from 'node:path';
import { Command, CommanderError } from 'commander';
import { packageVersion } from '../version.js';
import { reportError } from './common.js';
import { registerInject } from './commands/inject.js';
import { registerLogs } from './commands/logs.js';
import { registerMigrate } from './commands/migrate.js';
import { registerResources } from './commands/resources.js';
import { registerRun } from './commands/run.js';
import { registerSimulate } from './commands/simulate.js';
import { registerValidate } from './commands/validate.js';
// (command imports: one line each, keep sorted by command)

/** Builds the CLI. Each command lives in its own file under commands/. */
export function buildProgram(): Command {
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
  registerValidate(program);
  registerResources(program);
  registerSimulate(program);
  registerRun(program);
  registerLogs(program);
  registerMigrate(program);
  registerInject(program);
  // (command registrations: one line each, in the order of `sidecarctl --help`)
  for (const cmd of program.commands) cmd.exitOverride();
  return program;
}

async function main(argv: readonly string[]): Promise<void> {
  const program = buildProgram();
  try {
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

await main(process.argv);
