/**
 * The process behind one exec: `target.argv(command)` with the container's environment, in its
 * own process group (so a client that goes away takes every descendant with it), through a pty
 * when the client asked for a tty. The transports (WebSocket v5, SPDY) only move bytes to and
 * from it.
 */
import { spawn } from 'node:child_process';
import type { ExecTarget } from '../backend.js';
import { startPty } from './exec-pty.js';
import { killGroup, signalCode } from './process-group.js';
import type { ExecResult } from './status.js';

/** What a transport asks for. */
export interface ExecOptions {
  readonly stdin: boolean;
  readonly stdout: boolean;
  readonly stderr: boolean;
  readonly tty: boolean;
}

/** Where the process's output goes. */
export interface ExecSinks {
  stdout(chunk: Buffer): void;
  stderr(chunk: Buffer): void;
}

/** A running exec. */
export interface ExecProcess {
  writeStdin(chunk: Buffer): void;
  /** Closes stdin (the client's EOF); a pty gets nothing (as a terminal, it stays open). */
  endStdin(): void;
  resize(width: number, height: number): void;
  /** SIGKILLs the whole process group (the client went away). */
  kill(): void;
  /** Stops reading the output (the client is slower than the process); resume() reads again. */
  pause(): void;
  resume(): void;
  /** Settles once when the process has exited and its output is drained. */
  readonly done: Promise<ExecResult>;
}

/** Starts the command; a spawn failure settles `done` with an error (never throws). */
export function startExec(
  target: ExecTarget,
  command: readonly string[],
  opts: ExecOptions,
  sinks: ExecSinks,
): ExecProcess {
  const argv = target.argv(command);
  return opts.tty ? startPty(argv, target.env, sinks) : startPipes(argv, target.env, opts, sinks);
}

function startPipes(
  argv: string[],
  env: Readonly<Record<string, string>>,
  opts: ExecOptions,
  sinks: ExecSinks,
): ExecProcess {
  const child = spawn(argv[0]!, argv.slice(1), {
    env: { ...env },
    detached: true,
    stdio: [opts.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (c: Buffer) => opts.stdout && sinks.stdout(c));
  child.stderr?.on('data', (c: Buffer) => opts.stderr && sinks.stderr(c));
  child.stdin?.on('error', () => undefined);
  const done = new Promise<ExecResult>((resolve) => {
    child.on('error', (err) => resolve({ error: `failed to exec in container: ${err.message}` }));
    child.on('close', (code, signal) =>
      resolve(code !== null ? { exitCode: code } : { exitCode: signalCode(signal) }),
    );
  });
  return {
    writeStdin: (c) => void child.stdin?.write(c),
    endStdin: () => void child.stdin?.end(),
    resize: () => undefined,
    kill: () => killGroup(child.pid),
    pause: () => {
      child.stdout?.pause();
      child.stderr?.pause();
    },
    resume: () => {
      child.stdout?.resume();
      child.stderr?.resume();
    },
    done,
  };
}

/** Reads one `{"Width":W,"Height":H}` resize message (TerminalSize); undefined when malformed. */
export function parseResize(text: string): { width: number; height: number } | undefined {
  try {
    const v = JSON.parse(text) as { Width?: unknown; Height?: unknown };
    if (typeof v.Width !== 'number' || typeof v.Height !== 'number') return undefined;
    return { width: Math.floor(v.Width), height: Math.floor(v.Height) };
  } catch {
    return undefined;
  }
}
