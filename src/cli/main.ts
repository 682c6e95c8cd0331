#!/usr/bin/env node
import { start, type CommandEntry } from './program.js';

/**
 * The commands, in the order of `sidecarctl --help`, each loaded only when needed: a command
 * line that names one command loads just that module (and `--version` loads none), so the
 * libraries of the other commands stay off the start-up path.
 */
const COMMANDS: readonly CommandEntry[] = [
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
  // run-main.ts has this line too: its bundle is `run` alone.
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

start(COMMANDS);
