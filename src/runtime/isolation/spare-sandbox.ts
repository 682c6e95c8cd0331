/**
 * A pod sandbox made while the CLI is still reading its input (a runtime speed-up): `run`
 * starts one as soon as it starts, since nearly every pod it runs gets one, and the first pod
 * that needs a sandbox of its own (not a shared PID namespace) takes it instead of waiting for a
 * new one. One that nobody takes is closed when the run ends. Its namespaces are those of
 * createSandbox: nothing in them is pod-specific.
 */
import type { IsolationCapabilities } from './host.js';
import { createSandbox, type PodSandbox } from './sandbox.js';

export interface SpareSandbox {
  /** The sandbox being made, handed out once; undefined when there is none (left). */
  take(): Promise<PodSandbox> | undefined;
  /** Closes it unless it was taken. */
  close(): void;
}

/**
 * Starts making a sandbox now, if pods of this run can get one.
 * @param caps - the capabilities if known now (kept from an earlier run); else no spare: the
 *   probe runs first
 * @param wanted - false when no pod of the run gets namespaces (`--isolation process`)
 * @param make - makes the sandbox (tests)
 */
export function spareSandbox(
  caps: IsolationCapabilities | undefined,
  wanted: boolean,
  make: (caps: IsolationCapabilities, pod: string) => Promise<PodSandbox> = createSandbox,
): SpareSandbox {
  let made = wanted && caps?.namespaces === true ? make(caps, '(spare)') : undefined;
  // An unused spare that failed is nobody's error: the pod makes its own and reports that.
  made?.catch(() => undefined);
  return {
    take: () => {
      const m = made;
      made = undefined;
      return m;
    },
    close: () => {
      const m = made;
      made = undefined;
      void m?.then(
        (s) => s.close(),
        () => undefined,
      );
    },
  };
}
