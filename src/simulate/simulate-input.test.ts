import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isSidecarError } from '../errors.js';
import { fromText } from '../manifest/load.js';
import { simulateInput } from './simulate-input.js';

const POD = (name: string, kind = 'Pod'): string =>
  kind === 'Pod'
    ? `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}}\nspec:\n  initContainers:\n  - {name: proxy, image: envoy, restartPolicy: Always}\n  containers:\n  - {name: app, image: app}\n`
    : `apiVersion: batch/v1\nkind: Job\nmetadata: {name: ${name}}\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n      - {name: app, image: app}\n`;

function fails(fn: () => unknown, code: string, message: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(isSidecarError(e), String(e));
    assert.equal(e.code, code);
    assert.match(e.message, message);
    return true;
  });
}

describe('simulateInput', () => {
  it('when the input holds one pod then it is simulated on the newest version with its lanes in spec order', () => {
    const [run, ...rest] = simulateInput(fromText(POD('web')), { until: 30 });
    assert.equal(rest.length, 0);
    assert.equal(run!.view.pod, 'default/web');
    assert.equal(run!.view.until, 30);
    assert.deepEqual(run!.view.containers, [
      { name: 'proxy', kind: 'sidecar' },
      { name: 'app', kind: 'regular' },
    ]);
    assert.deepEqual(run!.outcome, { exitCode: 0, message: null });
  });

  it('when versions are compared then each gets its view, in the order asked, and the gates it knows', () => {
    const runs = simulateInput(fromText(POD('web')), {
      compareVersions: '1.27, 1.29',
      featureGates: 'SidecarContainers=true',
      until: 30,
    });
    assert.deepEqual(
      runs.map((r) => [r.view.k8sVersion, r.view.containers[0]!.kind]),
      [
        ['1.27', 'init'],
        ['1.29', 'sidecar'],
      ],
    );
  });

  it('when a Job pod still runs at the end then its outcome is 1', () => {
    const input = fromText(
      `${POD('batch', 'Job')}---\napiVersion: sidecarctl.io/v1alpha1\nkind: Scenario\nmetadata: {name: s}\nspec:\n  containers:\n    app: {runs: [{exitAfter: 100s}]}\n`,
    );
    const [run] = simulateInput(input, { until: 10 });
    assert.equal(run!.outcome.exitCode, 1);
    assert.match(run!.outcome.message ?? '', /of a Job has not completed by 10s/);
  });

  it('when the input is not what a simulation needs then the error says which, in the catalog wording', () => {
    fails(
      () => simulateInput(fromText('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n')),
      'SIDECAR_E_NO_POD',
      /^the input holds no pod or pod template \(Pod, Deployment, Job, \.\.\.\)$/,
    );
    const two = fromText(`${POD('a')}---\n${POD('b')}`);
    fails(
      () => simulateInput(two),
      'SIDECAR_E_NO_POD',
      /^the input holds 2 pods \(Pod\/a, Pod\/b\): choose one with --pod$/,
    );
    fails(
      () => simulateInput(two, { pod: 'c' }),
      'SIDECAR_E_NO_POD',
      /^no pod or workload named "c" in the input \(it has: Pod\/a, Pod\/b\)$/,
    );
    assert.equal(simulateInput(two, { pod: 'b', until: 1 })[0]!.view.pod, 'default/b');
    fails(
      () => simulateInput(fromText(POD('web')), { compareVersions: '1.29' }),
      'SIDECAR_E_USAGE',
      /needs at least two versions/,
    );
    fails(() => simulateInput(fromText('a: [\n')), 'SIDECAR_E_PARSE', /./);
  });
});

describe('simulateInput: bounded', () => {
  it('when --until is a year then it is refused as usage, at once, instead of running for minutes', () => {
    fails(
      () => simulateInput(fromText(POD('web')), { until: 31_536_000 }),
      'SIDECAR_E_USAGE',
      /--until: 31536000s is longer than sidecarctl simulates \(at most 86400s, one day\)/,
    );
  });

  it("when a Scenario's spec.until is a year then it is refused at its file:line:col", () => {
    const text = `${POD('web')}---\napiVersion: sidecarctl.io/v1alpha1\nkind: Scenario\nmetadata: {name: s}\nspec:\n  until: 31536000s\n`;
    assert.throws(
      () => simulateInput(fromText(text, 'pod.yaml')),
      (e: unknown) => {
        assert.ok(isSidecarError(e));
        assert.equal(e.code, 'SIDECAR_E_SCENARIO');
        assert.equal(e.location.line, 14);
        assert.match(e.message, /at most 86400s/);
        return true;
      },
    );
  });

  it('when a container crash-loops for the longest allowed time then the simulation stays small', () => {
    const text = `${POD('web')}---\napiVersion: sidecarctl.io/v1alpha1\nkind: Scenario\nmetadata: {name: s}\nspec:\n  until: 86400s\n  containers:\n    app:\n      runs: [{exitAfter: 1s, exitCode: 1}]\n`;
    const [run] = simulateInput(fromText(text));
    assert.ok(run!.view.events.length < 5000, String(run!.view.events.length));
  });
});

describe('simulateInput: a version without native sidecars', () => {
  it('when a pod declares native sidecars on 1.27 then the note says it simulates the dropped-field case kubectl would refuse', () => {
    const notes: string[] = [];
    simulateInput(fromText(POD('web')), {
      k8sVersion: '1.27',
      until: 10,
      onNote: (n) => notes.push(n),
    });
    assert.equal(notes.length, 1);
    assert.match(
      notes[0]!,
      /^Kubernetes 1\.27 has no native sidecars: kubectl would reject restartPolicy/,
    );
    assert.match(notes[0]!, /Helm, Argo CD, client-go/);
    assert.match(notes[0]!, /proxy runs as an ordinary init container that never exits$/);
  });

  it('when the version has native sidecars then there is no note', () => {
    const notes: string[] = [];
    simulateInput(fromText(POD('web')), {
      k8sVersion: '1.29',
      until: 10,
      onNote: (n) => notes.push(n),
    });
    assert.deepEqual(notes, []);
  });
});
