import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readlinkSync } from 'node:fs';
import { namespacesOrSkip } from './namespaces.test-support.js';
import type { PodSandbox } from './sandbox.js';
import { spareSandbox } from './spare-sandbox.js';

const { caps, skip } = await namespacesOrSkip();

/** What the fd behind a `--net=/proc/<pid>/fd/<n>` argument is now, or null when closed. */
function netFdTarget(joinArgs: readonly string[]): string | null {
  const net = joinArgs.find((a) => a.startsWith('--net='))!.slice('--net='.length);
  try {
    return readlinkSync(net);
  } catch {
    return null;
  }
}

describe('a spare pod sandbox', { skip, timeout: 60_000 }, () => {
  it('when it is taken then it is handed out once, and closing the run leaves it to its pod', async () => {
    const spare = spareSandbox(caps, true);
    const made = spare.take();
    assert.ok(made !== undefined);
    assert.equal(spare.take(), undefined, 'handed out once');
    const sb = await made;
    spare.close();
    assert.match(netFdTarget(sb.joinArgs) ?? '', /^net:\[\d+\]$/);
    sb.close();
  });

  it("when nobody takes it then closing the run closes it, once made; one that failed is nobody's error", async () => {
    let closed = 0;
    let ready: (s: PodSandbox) => void = () => undefined;
    const spare = spareSandbox(caps, true, () => new Promise((r) => (ready = r)));
    spare.close();
    assert.equal(closed, 0, 'not made yet');
    ready({ joinArgs: [], userNamespace: false, sharedPid: false, close: () => closed++ });
    await new Promise((r) => setImmediate(r));
    assert.equal(closed, 1);
    assert.equal(spare.take(), undefined, 'closed: nothing to take');
    const failed = spareSandbox(caps, true, () => Promise.reject(new Error('no')));
    failed.close();
  });

  it('when no pod gets namespaces, or the capabilities are not known yet, then there is none', () => {
    assert.equal(spareSandbox(caps, false).take(), undefined);
    assert.equal(spareSandbox(undefined, true).take(), undefined);
    assert.equal(spareSandbox({ ...caps, namespaces: false }, true).take(), undefined);
  });
});
