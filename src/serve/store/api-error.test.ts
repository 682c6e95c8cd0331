import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError, aggregate, isApiError } from './api-error.js';

test('NotFound reads `pods "x" not found` with kind pods and code 404', () => {
  assert.deepEqual(ApiError.notFound('pods', 'x').toStatus(), {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: 'pods "x" not found',
    reason: 'NotFound',
    details: { name: 'x', kind: 'pods' },
    code: 404,
  });
});

test('a grouped resource is named resource.group (jobs.batch) with the group in details', () => {
  const s = ApiError.notFound('jobs', 'j').toStatus();
  assert.equal(s.message, 'jobs.batch "j" not found');
  assert.deepEqual(s.details, { name: 'j', group: 'batch', kind: 'jobs' });
});

test('AlreadyExists and Conflict are 409 in the apiserver words', () => {
  const a = ApiError.alreadyExists('pods', 'x');
  assert.equal(a.message, 'pods "x" already exists');
  assert.equal(a.code, 409);
  assert.equal(a.reason, 'AlreadyExists');
  const c = ApiError.conflict('pods', 'x');
  assert.equal(
    c.message,
    'Operation cannot be fulfilled on pods "x": the object has been modified; please apply your changes to the latest version and try again',
  );
  assert.equal(c.reason, 'Conflict');
});

test('Invalid aggregates one error bare and several in brackets, with causes', () => {
  const one = ApiError.invalid('pods', 'x', [
    { field: 'spec', type: 'FieldValueForbidden', body: 'Forbidden: no' },
  ]);
  assert.equal(one.message, 'Pod "x" is invalid: spec: Forbidden: no');
  assert.deepEqual(one.toStatus().details, {
    name: 'x',
    kind: 'Pod',
    causes: [{ reason: 'FieldValueForbidden', message: 'Forbidden: no', field: 'spec' }],
  });
  assert.equal(one.code, 422);
  const two = ApiError.invalid('jobs', 'j', [
    { field: 'a', type: 'FieldValueRequired', body: 'Required value' },
    { field: 'b', type: 'FieldValueRequired', body: 'Required value' },
    { field: 'a', type: 'FieldValueRequired', body: 'Required value' },
  ]);
  assert.equal(two.message, 'Job.batch "j" is invalid: [a: Required value, b: Required value]');
  assert.equal(ApiError.invalid('pods', 'x', []).message, 'Pod "x" is invalid');
});

test('aggregate of identical messages prints one without brackets', () => {
  assert.equal(aggregate(['a', 'a']), 'a');
  assert.equal(aggregate([]), '');
});

test('the other reasons carry their codes and words', () => {
  const cases: [ApiError, number, string, string][] = [
    [ApiError.badRequest('bad'), 400, 'BadRequest', 'bad'],
    [
      ApiError.methodNotSupported('pods', 'patch'),
      405,
      'MethodNotAllowed',
      'patch is not supported on resources of kind "pods"',
    ],
    [ApiError.gone('gone'), 410, 'Gone', 'gone'],
    [ApiError.expired('5', '10'), 410, 'Expired', 'too old resource version: 5 (10)'],
    [ApiError.unauthorized(), 401, 'Unauthorized', 'not authorized'],
    [ApiError.forbidden('pods', 'x', 'no'), 403, 'Forbidden', 'pods "x" is forbidden: no'],
    [ApiError.forbidden('pods', '', 'no'), 403, 'Forbidden', 'pods is forbidden: no'],
    [
      ApiError.requestEntityTooLarge('limit is 3145728'),
      413,
      'RequestEntityTooLarge',
      'Request entity too large: limit is 3145728',
    ],
    [
      ApiError.unsupportedMediaType(['application/json', 'application/yaml']),
      415,
      'UnsupportedMediaType',
      'the body of the request was in an unknown format - accepted media types include: application/json, application/yaml',
    ],
    [ApiError.internal('boom'), 500, 'InternalError', 'Internal error occurred: boom'],
    [ApiError.notFoundPath(), 404, 'NotFound', 'the server could not find the requested resource'],
  ];
  for (const [e, code, reason, message] of cases) {
    assert.deepEqual([e.code, e.reason, e.message], [code, reason, message]);
    assert.ok(isApiError(e));
  }
  assert.deepEqual(ApiError.internal('boom').toStatus().details, { causes: [{ message: 'boom' }] });
  assert.equal('details' in ApiError.badRequest('x').toStatus(), false);
  assert.deepEqual(ApiError.notFoundPath().toStatus().details, {});
});
