/**
 * exec with a tty: the command runs on a node-pty (its own session and process group). kubectl
 * sends the terminal size as its first message (kubectl-compat §11.6, 15-25 ms after the open),
 * so the pty is started at that size, and at 80x24 if no size comes within FIRST_SIZE_WAIT_MS:
 * a command that asks for its size at once (`stty size`) sees the client's terminal.
 */
import { createRequire } from 'node:module';
import type * as NodePty from 'node-pty';
import type { ExecProcess, ExecSinks } from './exec-process.js';
import { killGroup, signalCode } from './process-group.js';
import type { ExecResult } from './status.js';

/**
 * node-pty, loaded on the first exec with a tty: it is a native module (built at install), so
 * serve starts, and exec without -t works, where it could not be built.
 */
function nodePty(): typeof NodePty {
  return createRequire(import.meta.url)('node-pty') as typeof NodePty;
}

/** How long to wait for the client's first resize before starting at 80x24. */
export const FIRST_SIZE_WAIT_MS = 1000;

/** Starts `argv` on a pty once the client's size is known; keystrokes before that are queued. */
export function startPty(
  argv: readonly string[],
  env: Readonly<Record<string, string>>,
  sinks: ExecSinks,
): ExecProcess {
  let term: NodePty.IPty | undefined;
  let exited = false;
  let killed = false;
  const queued: Buffer[] = [];
  let settle: (r: ExecResult) => void = () => undefined;
  const done = new Promise<ExecResult>((resolve) => (settle = resolve));
  void done.then(() => (exited = true));
  const launch = (cols: number, rows: number): void => {
    clearTimeout(timer);
    if (term !== undefined || killed) return;
    try {
      term = nodePty().spawn(argv[0]!, argv.slice(1), {
        name: 'xterm',
        cols,
        rows,
        env: { ...env },
      });
    } catch (err) {
      settle({
        error: `failed to exec in container: ${err instanceof Error ? err.message : String(err)}`,
      });
      return;
    }
    term.onData((s) => sinks.stdout(Buffer.from(s, 'utf8')));
    term.onExit(({ exitCode, signal }) =>
      settle(
        signal !== undefined && signal !== 0 ? { exitCode: signalCode(signal) } : { exitCode },
      ),
    );
    for (const c of queued.splice(0)) term.write(c.toString('utf8'));
  };
  const timer = setTimeout(() => launch(80, 24), FIRST_SIZE_WAIT_MS);
  timer.unref();
  return {
    writeStdin: (c) => {
      if (term === undefined) queued.push(c);
      else if (!exited) term.write(c.toString('utf8'));
    },
    endStdin: () => undefined,
    resize: (w, h) => {
      if (w <= 0 || h <= 0) return;
      if (term === undefined) launch(w, h);
      else if (!exited) term.resize(w, h);
    },
    kill: () => {
      killed = true;
      clearTimeout(timer);
      if (term !== undefined) killGroup(term.pid);
      else settle({ error: 'the client went away before the terminal started' });
    },
    pause: () => void (!exited && term?.pause()),
    resume: () => void (!exited && term?.resume()),
    done,
  };
}
