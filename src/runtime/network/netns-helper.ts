/**
 * The per-pod helper that runs inside the pod's network namespace (started by netns-client.ts
 * through `nsenter`): Node cannot enter a namespace itself, so network probes, httpGet hooks and
 * `--publish` forwarding run here, driven over the IPC channel (reference/local-runtime.md §1.4:
 * a listening socket of the host namespace is handed over and accepted here, +1 ms per
 * connection).
 */
import type { Server } from 'node:net';
import { runCheck, type NetworkCheck } from './checks.js';
import { forward } from './forward.js';

type Message =
  | {
      readonly type: 'check';
      readonly id: number;
      readonly check: NetworkCheck;
      readonly timeoutMs: number;
    }
  | { readonly type: 'forward'; readonly targetPort: number };

process.on('message', (m: Message, handle: unknown) => {
  if (m.type === 'check') {
    void runCheck(m.check, m.timeoutMs).then((r) => process.send?.({ id: m.id, ...r }));
  } else if (m.type === 'forward' && handle !== undefined) {
    forward(handle as Server, m.targetPort);
  }
});
process.on('disconnect', () => process.exit(0));
process.send?.({ type: 'ready' });
