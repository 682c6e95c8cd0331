/**
 * The handler of a probe or a lifecycle hook: validation.go validateHandler (exactly one of
 * exec, httpGet, tcpSocket, grpc (probes) or sleep (hooks)), validateExecAction,
 * validateHTTPGetAction, ValidatePortNumOrName, validateTCPSocketAction, validateGRPCAction and
 * validateSleepAction.
 */
import type { ApiRuleId } from './rules.js';
import { child, index, report, type ApiCheck } from './check-context.js';
import {
  readArray,
  readInt,
  readIntOrString,
  readObject,
  readObjectList,
  readString,
} from './decode.js';
import { forbidden, invalid, notSupported, regexError, required } from './field-error.js';
import { portNameErrors, portNumErrors } from './names.js';
import { checkUnknownFields, hasField } from './unknown-fields.js';

export type HandlerOwner = 'probe' | 'lifecycle';

/** The handler kinds validateHandler looks at, in its order. */
const ORDER = ['exec', 'httpGet', 'tcpSocket', 'grpc', 'sleep'] as const;

/**
 * Whether a lifecycle handler's `sleep` survives decoding and dropDisabledFields: the field must
 * exist in the version (else it is an unknown field, dropped by a non-strict decoder) and the
 * PodLifecycleSleepAction gate be on (else pkg/api/pod/util.go dropPodLifecycleSleepAction
 * removes it, and the whole hook when nothing else is left).
 */
export function sleepKept(c: ApiCheck): boolean {
  return hasField(c.version, 'LifecycleHandler', 'sleep') && c.version.sleepAction;
}

/** The handler kinds present in a handler object, as the API server sees them. */
export function presentHandlers(
  c: ApiCheck,
  owner: HandlerOwner,
  handler: Readonly<Record<string, unknown>>,
): string[] {
  return ORDER.filter((k) => {
    if (handler[k] === undefined || handler[k] === null) return false;
    if (owner === 'probe') return k !== 'sleep';
    if (k === 'grpc') return false;
    return k !== 'sleep' || sleepKept(c);
  });
}

/** ValidatePortNumOrName for an IntOrString port (missing = integer 0). */
function checkPortNumOrName(c: ApiCheck, rule: ApiRuleId, path: string, value: unknown): void {
  const port = readIntOrString(c, path, value) ?? 0;
  const msgs = typeof port === 'number' ? portNumErrors(port) : portNameErrors(port);
  for (const m of msgs) report(c, rule, path, invalid(port, m));
}

const HTTP_HEADER_NAME_ERROR = regexError(
  "a valid HTTP header must consist of alphanumeric characters or '-'",
  '[-A-Za-z0-9]+',
  'X-Header-Name',
);

function checkAction(
  c: ApiCheck,
  rule: ApiRuleId,
  kind: string,
  path: string,
  action: Record<string, unknown>,
  grace: number,
): void {
  switch (kind) {
    case 'exec': {
      checkUnknownFields(c, path, action, 'ExecAction');
      const command = readArray(c, child(path, 'command'), action['command'], 'strings') ?? [];
      command.forEach((s, i) => readString(c, index(child(path, 'command'), i), s));
      if (command.length === 0) report(c, rule, child(path, 'command'), required());
      return;
    }
    case 'httpGet': {
      checkUnknownFields(c, path, action, 'HTTPGetAction');
      // path and scheme are defaulted ("/" and HTTP) by SetDefaults_HTTPGetAction when empty.
      readString(c, child(path, 'path'), action['path']);
      readString(c, child(path, 'host'), action['host']);
      checkPortNumOrName(c, rule, child(path, 'port'), action['port']);
      const scheme = readString(c, child(path, 'scheme'), action['scheme']) || 'HTTP';
      if (scheme !== 'HTTP' && scheme !== 'HTTPS') {
        report(c, rule, child(path, 'scheme'), notSupported(scheme, ['HTTP', 'HTTPS']));
      }
      const headers = readObjectList(c, child(path, 'httpHeaders'), action['httpHeaders']) ?? [];
      headers.forEach((h, i) => {
        if (h === undefined) return;
        const hp = index(child(path, 'httpHeaders'), i);
        checkUnknownFields(c, hp, h, 'HTTPHeader');
        readString(c, child(hp, 'value'), h['value']);
        const name = readString(c, child(hp, 'name'), h['name']) ?? '';
        // Reported at httpGet.httpHeaders, without the index (validateHTTPGetAction).
        if (!/^[-A-Za-z0-9]+$/.test(name))
          report(c, rule, child(path, 'httpHeaders'), invalid(name, HTTP_HEADER_NAME_ERROR));
      });
      return;
    }
    case 'tcpSocket':
      checkUnknownFields(c, path, action, 'TCPSocketAction');
      readString(c, child(path, 'host'), action['host']);
      checkPortNumOrName(c, rule, child(path, 'port'), action['port']);
      return;
    case 'grpc': {
      checkUnknownFields(c, path, action, 'GRPCAction');
      readString(c, child(path, 'service'), action['service']);
      const port = readInt(c, child(path, 'port'), action['port'], 32) ?? 0;
      for (const m of portNumErrors(port)) report(c, rule, child(path, 'port'), invalid(port, m));
      return;
    }
    case 'sleep': {
      checkUnknownFields(c, path, action, 'SleepAction');
      const seconds = readInt(c, child(path, 'seconds'), action['seconds'], 64) ?? 0;
      // validateSleepAction: reported at `.sleep` with the seconds as the value.
      if (c.version.sleepActionAllowZero) {
        if (seconds < 0 || seconds > grace) {
          report(
            c,
            rule,
            path,
            invalid(
              seconds,
              `must be non-negative and less than terminationGracePeriodSeconds (${String(grace)})`,
            ),
          );
        }
      } else if (seconds <= 0 || seconds > grace) {
        const hint = c.version.sleepActionZeroHint
          ? '. Enable AllowPodLifecycleSleepActionZeroValue feature gate for zero sleep.'
          : '';
        report(
          c,
          rule,
          path,
          invalid(
            seconds,
            `must be greater than 0 and less than terminationGracePeriodSeconds (${String(grace)})${hint}`,
          ),
        );
      }
      return;
    }
    default:
      return;
  }
}

/**
 * validateHandler: the first handler present is validated, every further one is
 * `Forbidden: may not specify more than 1 handler type`, none is
 * `Required value: must specify a handler type` at the handler's own path.
 * @param grace the pod's terminationGracePeriodSeconds (defaulted to 30), for sleep
 */
export function checkHandler(
  c: ApiCheck,
  rule: ApiRuleId,
  owner: HandlerOwner,
  path: string,
  handler: Record<string, unknown>,
  grace: number,
): void {
  let count = 0;
  for (const kind of presentHandlers(c, owner, handler)) {
    const p = child(path, kind);
    const action = readObject(c, p, handler[kind]);
    if (count > 0) {
      report(c, rule, p, forbidden('may not specify more than 1 handler type'));
      continue;
    }
    count++;
    if (action !== undefined) checkAction(c, rule, kind, p, action, grace);
  }
  if (count === 0) report(c, rule, path, required('must specify a handler type'));
}
