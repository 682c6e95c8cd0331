#!/usr/bin/env node
/**
 * The entry of `sidecarctl run` alone: bin/sidecarctl runs its bundle (dist/cli/cli-run.cjs) for
 * a command line that names `run`, so Node reads, and V8 loads the code cache of, only what `run`
 * needs (a fifth of the whole CLI) on the path to the pod's start. For such a line the program
 * is the one main.ts builds, which also loads only `run` (program.ts buildProgram).
 */
import { start } from './program.js';

start([{ names: ['run'], load: async () => (await import('./commands/run.js')).registerRun }]);
