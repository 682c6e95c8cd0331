import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { connect, createServer, type AddressInfo, type Server } from 'node:net';
import { isSidecarError } from '../../errors.js';
import { hostNetwork } from './netns-client.js';
import { publish, publishedPorts } from './ports.js';

const port = (s: Server): number => (s.address() as AddressInfo).port;

function listen(s: Server): Promise<void> {
  return new Promise((resolve) => s.listen(0, '127.0.0.1', resolve));
}

describe('published ports', () => {
  it('when containers declare hostPorts then --publish comes first and each host port is published once, TCP only', () => {
    const containers = [
      {
        name: 'a',
        ports: [
          { containerPort: 80, hostPort: 8080 },
          { containerPort: 53, hostPort: 5353, protocol: 'UDP' },
          { containerPort: 81 },
        ],
      },
      {
        name: 'b',
        ports: [
          { containerPort: 82, hostPort: 8080 },
          { containerPort: 9000, hostPort: 9000, protocol: 'TCP' },
        ],
      },
    ];
    assert.deepEqual(publishedPorts({}, containers, [{ hostPort: 9000, containerPort: 1 }]), [
      { hostPort: 9000, containerPort: 1 },
      { hostPort: 8080, containerPort: 80 },
    ]);
    assert.deepEqual(publishedPorts({ hostNetwork: true }, containers), []);
  });

  it('when a port is published on the host network then its connections reach the container port', async () => {
    const target = createServer((c) => c.pipe(c));
    await listen(target);
    const servers: Server[] = [];
    try {
      await publish({ hostPort: 0, containerPort: port(target) }, hostNetwork(), 'default/p', (s) =>
        servers.push(s),
      );
      assert.equal(servers.length, 1);
      const answer = await new Promise<string>((resolve, reject) => {
        const c = connect(port(servers[0]!), '127.0.0.1', () => c.write('ping'));
        c.setEncoding('utf8').once('data', (d: string) => {
          c.destroy();
          resolve(d);
        });
        c.on('error', reject);
      });
      assert.equal(answer, 'ping');
    } finally {
      for (const s of servers) s.close();
      target.close();
    }
  });

  it('when the host port is taken then publishing fails with a runtime error naming it', async () => {
    const taken = createServer();
    await listen(taken);
    try {
      await assert.rejects(
        publish(
          { hostPort: port(taken), containerPort: 1 },
          hostNetwork(),
          'default/p',
          () => undefined,
        ),
        (e: unknown) =>
          isSidecarError(e) &&
          e.code === 'SIDECAR_E_RUNTIME' &&
          e.message ===
            `run: pod default/p: cannot publish 127.0.0.1:${String(port(taken))}: the port is already in use`,
      );
    } finally {
      taken.close();
    }
  });
});
