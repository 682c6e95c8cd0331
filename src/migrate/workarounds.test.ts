import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  isSleepOnlyPreStop,
  stripQuitCalls,
  unwrapLinkerdAwait,
  withoutHoldApplication,
} from './workarounds.js';

describe('classic workarounds', () => {
  it('when a job script ends with the Istio quit call then only the call and its && go', () => {
    assert.equal(
      stripQuitCalls('python app.py && curl -fsI -X POST http://localhost:15020/quitquitquit'),
      'python app.py',
    );
  });

  it('when the Dapr shutdown call follows a ; then the script keeps its final newline', () => {
    assert.equal(
      stripQuitCalls('./run.sh; wget -q --post-data= localhost:3500/v1.0/shutdown\n'),
      './run.sh\n',
    );
  });

  it('when a trap sends the quit call then the trap goes', () => {
    assert.equal(
      stripQuitCalls('trap "curl -X POST localhost:15020/quitquitquit" EXIT; ./run'),
      './run',
    );
  });

  it('when a script has no quit call then nothing changes', () => {
    assert.equal(stripQuitCalls('curl http://example.com/api && echo done'), null);
  });

  it('when the command is wrapped in linkerd-await --shutdown then the wrapped command remains', () => {
    assert.deepEqual(unwrapLinkerdAwait(['/linkerd-await', '--shutdown', '--', 'app', '--x']), [
      'app',
      '--x',
    ]);
    assert.equal(unwrapLinkerdAwait(['app']), null);
  });

  it('when a preStop only sleeps then it is recognised, and one that drains is not', () => {
    assert.equal(isSleepOnlyPreStop({ exec: { command: ['sleep', '5'] } }), true);
    assert.equal(isSleepOnlyPreStop({ exec: { command: ['/bin/sh', '-c', 'sleep 10'] } }), true);
    assert.equal(isSleepOnlyPreStop({ sleep: { seconds: 5 } }), true);
    assert.equal(
      isSleepOnlyPreStop({ exec: { command: ['pilot-agent', 'request', 'POST', 'drain'] } }),
      false,
    );
  });

  it('when the Istio proxy config only holds the app then the annotation goes, else the other settings stay', () => {
    assert.equal(withoutHoldApplication('{ "holdApplicationUntilProxyStarts": true }'), null);
    assert.equal(
      withoutHoldApplication('{"holdApplicationUntilProxyStarts": true, "concurrency": 2}'),
      '{"concurrency":2}',
    );
    assert.equal(withoutHoldApplication('concurrency: 2\n'), undefined);
  });
});

describe('classic workarounds (what is left alone)', () => {
  it('when the quit URL only appears inside another command then nothing is removed', () => {
    assert.equal(
      stripQuitCalls('my_batch_job --notify curl http://localhost:9091/quitquitquit\n'),
      null,
    );
  });
});
