import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { apiErrors, ctr, pod } from '../validate/api-cases.test-support.js';

const M = 'spec.containers[0].volumeMounts';

function withMounts(
  volumeMounts: unknown,
  volumes: unknown = [{ name: 'data', emptyDir: {} }],
  extra: Record<string, unknown> = {},
): string {
  return pod({ volumes, containers: [ctr('app', { volumeMounts, ...extra })] });
}

describe('volumes and volumeMounts', () => {
  it('when a mount names no volume then it is not found', () => {
    assert.deepEqual(apiErrors(withMounts([{ name: 'cache', mountPath: '/c' }]), '1.33'), [
      `${M}[0].name: Not found: "cache"`,
    ]);
  });

  it('when a mount has no name and no path then both are required and the empty name is not found', () => {
    assert.deepEqual(apiErrors(withMounts([{}]), '1.33'), [
      `${M}[0].mountPath: Required value`,
      `${M}[0].name: Not found: ""`,
      `${M}[0].name: Required value`,
    ]);
  });

  it('when two mounts use the same path then the second must be unique', () => {
    assert.deepEqual(
      apiErrors(
        withMounts([
          { name: 'data', mountPath: '/d' },
          { name: 'data', mountPath: '/d' },
        ]),
        '1.33',
      ),
      [`${M}[1].mountPath: Invalid value: "/d": must be unique`],
    );
  });

  it('when subPath is absolute or climbs up then it is reported at volumeMounts.subPath without the index, as Kubernetes does', () => {
    assert.deepEqual(
      apiErrors(
        withMounts([
          { name: 'data', mountPath: '/a', subPath: '/abs' },
          { name: 'data', mountPath: '/b', subPath: 'x/../..' },
        ]),
        '1.33',
      ),
      [
        `${M}.subPath: Invalid value: "/abs": must be a relative path`,
        `${M}.subPath: Invalid value: "x/../..": must not contain '..'`,
      ],
    );
  });

  it('when Bidirectional propagation is used by an unprivileged container then it is forbidden', () => {
    assert.deepEqual(
      apiErrors(
        withMounts([{ name: 'data', mountPath: '/d', mountPropagation: 'Bidirectional' }]),
        '1.33',
      ),
      [
        `${M}.mountPropagation: Forbidden: Bidirectional mount propagation is available only to privileged containers`,
      ],
    );
    const privileged = withMounts(
      [{ name: 'data', mountPath: '/d', mountPropagation: 'Bidirectional' }],
      undefined,
      { securityContext: { privileged: true } },
    );
    assert.deepEqual(apiErrors(privileged, '1.33'), []);
  });

  it('when two volumes share a name then the second is a duplicate and mounts of the name still resolve', () => {
    const volumes = [
      { name: 'data', emptyDir: {} },
      { name: 'data', emptyDir: {} },
    ];
    assert.deepEqual(apiErrors(withMounts([{ name: 'data', mountPath: '/d' }], volumes), '1.33'), [
      'spec.volumes[1].name: Duplicate value: "data"',
    ]);
  });

  it('when a volume name is invalid then the volume is left out and mounting it is not found', () => {
    const volumes = [{ name: 'My_Vol', emptyDir: {} }];
    const errs = apiErrors(withMounts([{ name: 'My_Vol', mountPath: '/d' }], volumes), '1.33');
    assert.equal(errs.length, 2);
    assert.ok(errs.includes(`${M}[0].name: Not found: "My_Vol"`));
    assert.ok(
      errs[1]!.startsWith(
        'spec.volumes[0].name: Invalid value: "My_Vol": a lowercase RFC 1123 label',
      ),
    );
  });

  it('when a StatefulSet mounts one of its volumeClaimTemplates then the mount resolves', () => {
    const sts = JSON.stringify({
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 's' },
      spec: {
        serviceName: 's',
        selector: { matchLabels: { app: 's' } },
        template: {
          metadata: { labels: { app: 's' } },
          spec: {
            containers: [
              ctr('db', {
                volumeMounts: [
                  { name: 'www', mountPath: '/w' },
                  { name: 'nope', mountPath: '/n' },
                ],
              }),
            ],
          },
        },
        volumeClaimTemplates: [
          { metadata: { name: 'www' }, spec: { accessModes: ['ReadWriteOnce'] } },
        ],
      },
    });
    assert.deepEqual(apiErrors(sts, '1.33'), [
      'spec.template.spec.containers[0].volumeMounts[1].name: Not found: "nope"',
    ]);
  });
});
