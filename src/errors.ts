/**
 * The one error catalog. Every error sidecarctl raises has a stable code listed here, with the
 * exit code the CLI uses for it and a one-line description (kept in docs/errors.md by a test).
 *
 * Exit codes follow kubectl: 2 for bad usage or unreadable input, 1 for findings or a failed pod.
 */
export const ERRORS = {
  // --- usage -------------------------------------------------------------------------------
  SIDECAR_E_USAGE: { exitCode: 2, doc: 'The command line is not valid (unknown flag, bad value).' },
  SIDECAR_E_VERSION: {
    exitCode: 2,
    doc: 'The --k8s-version is not a supported version (1.25 to 1.33).',
  },
  SIDECAR_E_FEATURE_GATE: {
    exitCode: 2,
    doc: 'A --feature-gates entry is unknown for the version, malformed, or sets a locked gate.',
  },
  SIDECAR_E_RULE: { exitCode: 2, doc: 'A --enable/--disable names no known rule.' },
  // --- input -------------------------------------------------------------------------------
  SIDECAR_E_READ: { exitCode: 2, doc: 'A path or stdin could not be read.' },
  SIDECAR_E_NO_INPUT: { exitCode: 2, doc: 'No manifest files were found in the given paths.' },
  SIDECAR_E_PARSE: {
    exitCode: 2,
    doc: 'A manifest could not be parsed (for commands that need it whole).',
    messages: {
      // The YAML parser's own words; describe() puts the document's file:line:col before them.
      syntax: '%s',
    },
  },
  SIDECAR_E_NO_POD: {
    exitCode: 2,
    doc: 'The input holds no pod or pod template, or not the one named.',
    messages: {
      none: 'the input holds no pod or pod template (Pod, Deployment, Job, ...)',
      unknown: 'no pod or workload named "%s" in the input (it has: %s)',
      several: 'the input holds %s pods (%s): choose one with --pod',
    },
  },
  // --- simulate ------------------------------------------------------------------------------
  SIDECAR_E_SCENARIO: {
    exitCode: 2,
    doc: 'A Scenario document is malformed; the message names the field.',
  },
  // --- run ---------------------------------------------------------------------------------
  SIDECAR_E_RUNTIME: { exitCode: 2, doc: 'The local runtime cannot run this pod on this machine.' },
  SIDECAR_E_LOGS: {
    exitCode: 1,
    doc: 'logs found no such pod, container or log (kubectl logs wording).',
  },
  SIDECAR_E_NOT_FOUND: {
    exitCode: 1,
    doc: 'get or delete found no such pod in the state directory (kubectl NotFound).',
  },
  // --- cluster -----------------------------------------------------------------------------
  SIDECAR_E_CLUSTER: {
    exitCode: 2,
    doc: 'A live cluster (why, audit) could not be reached or read: no kubeconfig, no answer, a refusal.',
  },
  // --- rewrite -----------------------------------------------------------------------------
  SIDECAR_E_CATALOG: {
    exitCode: 2,
    doc: 'A catalog entry file is invalid; the message names file, line and field.',
  },
  SIDECAR_E_MIGRATE_VERSION: {
    exitCode: 1,
    doc: 'migrate was asked for a version without native sidecars (below 1.29, or 1.28 with the gate off).',
  },
  SIDECAR_E_WRITE: { exitCode: 2, doc: 'An output file could not be written.' },
  SIDECAR_E_INJECT_MODE: {
    exitCode: 1,
    doc: 'inject was asked for native sidecars (--mode native or sidecarctl.io/mode) on a version without them.',
  },
  // --- internal ----------------------------------------------------------------------------
  SIDECAR_E_INTERNAL: {
    exitCode: 2,
    doc: 'An unexpected internal error (a bug: please report it).',
  },
} as const satisfies Record<
  string,
  { exitCode: number; doc: string; messages?: Readonly<Record<string, string>> }
>;

export type ErrorCode = keyof typeof ERRORS;

/** The codes whose wording lives in the catalog (those raised from more than one place). */
type CodeWithMessages = {
  [C in ErrorCode]: (typeof ERRORS)[C] extends { messages: object } ? C : never;
}[ErrorCode];

/** The names of a code's message templates. */
export type MessageKey<C extends CodeWithMessages> = keyof (typeof ERRORS)[C]['messages'] & string;

/** Where in an input an error points. */
export interface ErrorLocation {
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  readonly field?: string;
}

/**
 * The error class of the library. The CLI prints it as one line, `sidecarctl: <what>: <why>`,
 * and exits with its exit code; it never prints a stack trace for it.
 */
export class SidecarError extends Error {
  readonly code: ErrorCode;
  readonly exitCode: number;
  readonly location: ErrorLocation;

  constructor(
    code: ErrorCode,
    message: string,
    location: ErrorLocation = {},
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'SidecarError';
    this.code = code;
    this.exitCode = ERRORS[code].exitCode;
    this.location = location;
  }

  /** `file:line:col: message (field)`, leaving out what is not known. */
  describe(): string {
    const { file, line, column, field } = this.location;
    let where = '';
    if (file !== undefined) {
      where = file;
      if (line !== undefined) where += `:${String(line)}`;
      if (line !== undefined && column !== undefined) where += `:${String(column)}`;
      where += ': ';
    }
    return `${where}${this.message}${field !== undefined ? ` (${field})` : ''}`;
  }
}

/**
 * A catalog message with its `%s` filled in order, in the spirit of fastify's createError: the
 * wording of an error raised from several places is written once, here.
 */
export function errorMessage<C extends CodeWithMessages>(
  code: C,
  key: MessageKey<C>,
  ...args: readonly (string | number)[]
): string {
  const messages: Readonly<Record<string, string>> = ERRORS[code].messages;
  let i = 0;
  return (messages[key] ?? key).replace(/%s/g, () => String(args[i++] ?? ''));
}

/** A SidecarError worded by the catalog (see errorMessage). */
export function createError<C extends CodeWithMessages>(
  code: C,
  key: MessageKey<C>,
  args: readonly (string | number)[] = [],
  location: ErrorLocation = {},
): SidecarError {
  return new SidecarError(code, errorMessage(code, key, ...args), location);
}

/** True for a SidecarError (a plain instanceof: a second copy of this module has its own class). */
export function isSidecarError(e: unknown): e is SidecarError {
  return e instanceof SidecarError;
}
