import { isatty } from 'node:tty';
import { Command, CommanderError, Option } from 'commander';
import { isSidecarError, SidecarError } from '../errors.js';
import { parseDuration } from '../model/duration.js';
import type { ViewOutcome } from '../timeline/outcome.js';
import type { PodRunView } from '../timeline/view.js';
import {
  DEFAULT_VERSION,
  SUPPORTED_VERSIONS,
  versionFromFlags,
  type VersionInfo,
} from '../model/versions.js';
import { escapeControl } from '../manifest/escape.js';

/** The shared options every command takes (docs/contracts.md, "Command line"). */
export interface CommonOptions {
  k8sVersion?: string;
  featureGates?: string;
  output?: string;
  /** `-f/--filename`, on the commands that take inputs. */
  filename?: string[];
  /** `-n/--namespace`, on the commands that name pods. */
  namespace?: string;
}

/** kubectl's `-f/--filename`, repeatable, in addition to positional paths. */
export const FILENAME_FLAGS = '-f, --filename <file>';
export const FILENAME_HELP = 'a file, folder or - for stdin (repeatable, as kubectl -f)';

/** Collects a repeatable path option (no comma splitting: a path may hold one). */
export function collectPaths(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** Adds `--k8s-version`, `--feature-gates` and `-o/--output` (with the formats given). */
export function addCommonOptions(
  cmd: Command,
  formats: readonly string[],
  defaultFormat: string,
): Command {
  return cmd
    .option(
      '--k8s-version <X.Y>',
      `Kubernetes version to model (${SUPPORTED_VERSIONS[0]} to ${DEFAULT_VERSION}; default ${DEFAULT_VERSION})`,
    )
    .option('--feature-gates <Name=bool,...>', 'feature gate overrides, as on the kube components')
    .addOption(
      new Option('-o, --output <format>', 'output format')
        .choices([...formats])
        .default(defaultFormat),
    );
}

/** The version and gates of the common options. */
export function versionOf(opts: CommonOptions): VersionInfo {
  return versionFromFlags(opts.k8sVersion, opts.featureGates);
}

/** Collects a repeatable option into a list; also splits on commas. */
export function collect(value: string, previous: string[] = []): string[] {
  return [
    ...previous,
    ...value
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== ''),
  ];
}

/**
 * The input paths of a command: the ones given, else stdin; but not a terminal (kubectl's
 * "must specify one of -f and -k"): a usage error rather than waiting for typed input.
 * @throws SidecarError SIDECAR_E_USAGE when there is no path and stdin is a terminal
 */
export function inputPaths(
  positional: readonly string[],
  filenames: readonly string[] = [],
  // isatty(0), not process.stdin.isTTY: opening Node's stdin stream makes a pipe non-blocking.
  stdinIsTTY: boolean = isatty(0),
): string[] {
  const paths = [...positional, ...filenames];
  if (paths.length > 0) return paths;
  if (stdinIsTTY)
    throw usageError('must specify a path or -f FILE (or - to read stdin): stdin is a terminal');
  return ['-'];
}

/** A SIDECAR_E_USAGE error: a flag's value, or flags that do not go together. */
export function usageError(message: string): SidecarError {
  return new SidecarError('SIDECAR_E_USAGE', message);
}

/**
 * A duration flag in seconds (`90s`, `5m`, `1500ms`, a bare number of seconds).
 * @param examples - how the error message spells valid values, e.g. `90s, 5m or 1500ms`
 * @param zero - whether 0 is allowed
 * @throws SidecarError SIDECAR_E_USAGE naming the flag and its value
 */
export function durationOption(
  flag: string,
  value: string,
  examples: string,
  { zero }: { zero: boolean },
): number {
  const d = parseDuration(value);
  if (d === null || (!zero && d <= 0))
    throw usageError(`invalid ${flag} "${value}": expected a duration such as ${examples}`);
  return d;
}

/**
 * A whole number of seconds >= 0 (`--grace-period`).
 * @throws SidecarError SIDECAR_E_USAGE naming the flag and its value
 */
export function secondsOption(flag: string, value: string): number {
  const g = Number(value);
  if (!Number.isInteger(g) || g < 0)
    throw usageError(`invalid ${flag} "${value}": expected whole seconds >= 0`);
  return g;
}

/**
 * The exit status of `simulate` and `run`: 1 when any pod (or version) ended badly, each saying
 * why on one stderr line, `sidecarctl: <command>: <prefix><why>`.
 */
export function reportOutcomes(
  command: string,
  results: readonly ViewOutcome[],
  prefix: (view: PodRunView) => string = () => '',
): number {
  let code = 0;
  for (const { view, outcome } of results) {
    if (outcome.exitCode === 0) continue;
    code = 1;
    process.stderr.write(
      `sidecarctl: ${command}: ${escapeControl(`${prefix(view)}${outcome.message ?? 'failed'}`)}\n`,
    );
  }
  return code;
}

/** Writes to stdout and waits for it to drain (so piped output is not cut by process.exit). */
export function writeOut(text: string): Promise<void> {
  return new Promise((resolve) => {
    if (process.stdout.write(text)) resolve();
    else process.stdout.once('drain', resolve);
  });
}

/**
 * Runs a command action and turns its outcome into an exit code: the number it returns, or the
 * error's exit code. Errors print as one line, `sidecarctl: <what>`; never a stack trace, except
 * with SIDECARCTL_DEBUG=1 for bugs.
 */
export function action<A extends unknown[]>(
  fn: (...args: A) => Promise<number> | number,
): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      process.exitCode = await fn(...args);
    } catch (e) {
      process.exitCode = reportError(e);
    }
  };
}

/** Prints an error as one line and returns its exit code. */
export function reportError(e: unknown): number {
  if (isSidecarError(e)) {
    process.stderr.write(`sidecarctl: ${escapeControl(e.describe())}\n`);
    return e.exitCode;
  }
  if (e instanceof CommanderError) return e.exitCode;
  const err = new SidecarError(
    'SIDECAR_E_INTERNAL',
    `internal error: ${e instanceof Error ? e.message : String(e)}`,
  );
  process.stderr.write(`sidecarctl: ${escapeControl(err.describe())}\n`);
  if (process.env['SIDECARCTL_DEBUG'] === '1' && e instanceof Error)
    process.stderr.write(`${e.stack ?? ''}\n`);
  return err.exitCode;
}

/**
 * `--publish HOSTPORT:CONTAINERPORT` values (run).
 * @throws SidecarError SIDECAR_E_USAGE naming the bad value
 */
export function publishOption(
  values: readonly string[],
): { hostPort: number; containerPort: number }[] {
  return values.map((v) => {
    const m = /^(\d+):(\d+)$/.exec(v.trim());
    const host = m === null ? NaN : Number(m[1]);
    const cont = m === null ? NaN : Number(m[2]);
    if (!(host > 0 && host < 65536 && cont > 0 && cont < 65536)) {
      throw usageError(
        `--publish: invalid value "${v}": expected HOSTPORT:CONTAINERPORT, e.g. 8080:80`,
      );
    }
    return { hostPort: host, containerPort: cont };
  });
}
