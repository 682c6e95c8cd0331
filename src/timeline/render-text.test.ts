import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { renderEventTable, renderText } from './render-text.js';
import { renderJson, renderJsonLines } from './render-json.js';
import { RICH_VIEW, INIT_BACKOFF_VIEW } from './render-fixtures.test.js';

describe('the text timeline', () => {
  it('when events are printed then there is one line per event and every column starts at the same place', () => {
    const lines = renderEventTable(RICH_VIEW.events).split('\n');
    assert.equal(lines.length, RICH_VIEW.events.length + 1);
    const header = lines[0]!;
    const cols = ['CONTAINER', 'EVENT', 'DETAIL'].map((c) => header.indexOf(c));
    for (const line of lines.slice(1)) {
      for (const c of cols)
        assert.match(line.slice(c - 3, c), /^ {3}$/, `column at ${String(c)} in "${line}"`);
      assert.notEqual(line[cols[0]!], ' ');
    }
  });

  it('when a signal is sent then its line names the container, the signal and the reason', () => {
    assert.match(
      renderEventTable(RICH_VIEW.events),
      /^40\.000s +app +ContainerKilling +SIGKILL reason=GracePeriodExpired$/m,
    );
  });

  it('when the simulation ends then the final status follows in kubectl get pod columns', () => {
    const out = renderText(INIT_BACKOFF_VIEW);
    assert.match(
      out,
      /\nNAME +READY +STATUS +RESTARTS +AGE\nweb +0\/3 +Init:CrashLoopBackOff +1 \(6s ago\) +10s\n$/,
    );
  });
});

describe('the JSON outputs', () => {
  it('when -o json is asked then the document is exactly {events, status}', () => {
    const doc = JSON.parse(renderJson(RICH_VIEW)) as Record<string, unknown>;
    assert.deepEqual(Object.keys(doc), ['events', 'status']);
    assert.deepEqual(doc['events'], RICH_VIEW.events);
    assert.deepEqual(doc['status'], RICH_VIEW.status);
  });

  it('when the event stream is written then each line is one event with keys t, pod, type first', () => {
    const lines = renderJsonLines(RICH_VIEW.events).trimEnd().split('\n');
    assert.equal(lines.length, RICH_VIEW.events.length);
    for (const line of lines)
      assert.deepEqual(Object.keys(JSON.parse(line) as object).slice(0, 3), ['t', 'pod', 'type']);
  });
});
