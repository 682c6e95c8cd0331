import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from './api-error.js';
import {
  parseFieldSelector,
  parseFieldTerms,
  parseLabelRequirements,
  parseLabelSelector,
  selectorsOf,
} from './selectors.js';
import type { KubeObject, StoredMeta } from './types.js';

function obj(labels: Record<string, string>, extra: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'default', labels } as StoredMeta,
    ...extra,
  };
}

function badRequest(fn: () => unknown, message: string): void {
  assert.throws(
    fn,
    (e: unknown) =>
      e instanceof ApiError && e.code === 400 && e.reason === 'BadRequest' && e.message === message,
  );
}

test('label selector operators: =, ==, !=, in, notin, key, !key, > and <', () => {
  const o = obj({ app: 'web', tier: 'fe', n: '5' });
  const yes = [
    'app=web',
    'app==web',
    'app!=db',
    'app in (web,db)',
    'app notin (db)',
    'app',
    '!missing',
    'n>4',
    'n<6',
    'missing notin (x)',
    '',
  ];
  const no = [
    'app=db',
    'app!=web',
    'app in (db)',
    'app notin (web)',
    'missing',
    '!app',
    'n>5',
    'app>1',
  ];
  for (const s of yes) assert.equal(parseLabelSelector(s)(o), true, s);
  for (const s of no) assert.equal(parseLabelSelector(s)(o), false, s);
});

test('comma means AND, whatever the order', () => {
  const o = obj({ app: 'web', tier: 'fe' });
  assert.equal(parseLabelSelector('tier=fe,app=web')(o), true);
  assert.equal(parseLabelSelector('app=web, tier=be')(o), false);
  assert.equal(parseLabelSelector(' app in ( web , x ) ,tier')(o), true);
});

test('in, notin and empty values parse as the apiserver parses them', () => {
  assert.deepEqual(parseLabelRequirements('x in (foo,,baz),y,z notin ()'), [
    { key: 'x', op: 'in', values: ['', 'baz', 'foo'] },
    { key: 'y', op: 'exists', values: [] },
    { key: 'z', op: 'notin', values: [''] },
  ]);
  assert.deepEqual(parseLabelRequirements('a='), [{ key: 'a', op: '=', values: [''] }]);
  assert.deepEqual(parseLabelRequirements('in in (in)'), [{ key: 'in', op: 'in', values: ['in'] }]);
  assert.equal(parseLabelSelector('a=')(obj({ a: '' })), true);
});

test('label selector errors are 400 BadRequest in the parser words', () => {
  badRequest(() => parseLabelSelector('app=web,'), "found '', expected: identifier after ','");
  badRequest(
    () => parseLabelSelector('app in web'),
    "unable to parse requirement: found 'web' expected: '('",
  );
  badRequest(
    () => parseLabelSelector('app web'),
    "unable to parse requirement: found 'web', expected: in, notin, =, ==, !=, gt, lt",
  );
  badRequest(
    () => parseLabelSelector('a in (b c)'),
    "unable to parse requirement: found 'c', expected: ',' or ')'",
  );
  badRequest(
    () => parseLabelSelector(',a'),
    "found ',', expected: !, identifier, or 'end of string'",
  );
  badRequest(() => parseLabelSelector('!a=b'), "found '=', expected: ',' or 'end of string'");
  badRequest(() => parseLabelSelector('a=b=c'), "found '=', expected: ',' or 'end of string'");
});

test('field selectors: kubectl describe terms in any order select the events of one pod', () => {
  const ev: KubeObject = {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: 'e', namespace: 'default' } as StoredMeta,
    involvedObject: { kind: 'Pod', name: 'demo', namespace: 'default', uid: 'u1' },
    reason: 'Started',
    type: 'Normal',
    source: { component: 'kubelet' },
  };
  for (const s of [
    'involvedObject.name=demo,involvedObject.namespace=default,involvedObject.uid=u1',
    'involvedObject.uid=u1,involvedObject.name=demo,involvedObject.namespace=default',
    'source=kubelet,type=Normal,reason==Started,involvedObject.kind=Pod',
  ]) {
    assert.equal(parseFieldSelector('events', s)(ev), true, s);
  }
  assert.equal(
    parseFieldSelector('events', 'involvedObject.uid=u2,involvedObject.name=demo')(ev),
    false,
  );
});

test('pod field selectors: metadata.name, status.phase, spec.nodeName, != and missing fields', () => {
  const p = obj(
    {},
    {
      spec: { nodeName: 'localhost', restartPolicy: 'Always' },
      status: { phase: 'Running', podIP: '10.0.0.1' },
    },
  );
  assert.equal(parseFieldSelector('pods', 'metadata.name=p')(p), true);
  assert.equal(
    parseFieldSelector('pods', 'metadata.namespace=default,status.phase!=Succeeded')(p),
    true,
  );
  assert.equal(
    parseFieldSelector(
      'pods',
      'spec.nodeName=localhost,status.podIP=10.0.0.1,spec.restartPolicy=Always',
    )(p),
    true,
  );
  assert.equal(parseFieldSelector('pods', 'spec.schedulerName=')(p), true);
  assert.equal(parseFieldSelector('pods', 'status.phase=Pending')(p), false);
});

test('field selector errors: unknown label, unreadable term, bad escapes', () => {
  badRequest(
    () => parseFieldSelector('pods', 'spec.containers=x'),
    'field label not supported: spec.containers',
  );
  badRequest(
    () => parseFieldSelector('configmaps', 'status.phase=x'),
    'field label not supported: status.phase',
  );
  badRequest(
    () => parseFieldSelector('pods', 'metadata.name'),
    "invalid selector: 'metadata.name'; can't understand 'metadata.name'",
  );
  badRequest(
    () => parseFieldSelector('pods', 'metadata.name=a=b'),
    'invalid field selector: unescaped character in value: 61',
  );
  badRequest(
    () => parseFieldSelector('pods', 'metadata.name=a\\x'),
    'invalid field selector: invalid escape sequence: \\x',
  );
  assert.deepEqual(parseFieldTerms('pods', 'metadata.name=a\\,b'), [
    { field: 'metadata.name', negated: false, value: 'a,b' },
  ]);
});

test('selectorsOf leaves absent and empty parameters unset', () => {
  const s = selectorsOf('pods', { labelSelector: '', fieldSelector: 'metadata.name=p' });
  assert.equal(s.labelSelector, undefined);
  assert.equal(s.fieldSelector?.(obj({})), true);
});
