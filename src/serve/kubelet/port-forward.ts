/**
 * Connections into a pod's network for port-forward (the CRI's PortForward: a TCP connection to
 * localhost:port inside the pod's network namespace). The runtime's one pipe (network/forward.ts)
 * is used as `--publish` uses it: per pod and port, one listener on the host's loopback is handed
 * to the pod's network, and each connection is a connection to that listener. The listeners end
 * with the pod's network (its netns helper), or are closed here for the host's network.
 */
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import type { PodNetwork } from '../../runtime/network/netns-client.js';

/** The port-forward listeners of one pod. */
export class PortForwards {
  private readonly network: () => PodNetwork;
  private readonly ports = new Map<number, Promise<number>>();
  private readonly servers: Server[] = [];
  private closed = false;

  constructor(network: () => PodNetwork) {
    this.network = network;
  }

  /** A connection to `port` inside the pod's network. */
  async connect(port: number): Promise<Socket> {
    if (this.closed) throw new Error('the pod is gone');
    let local = this.ports.get(port);
    if (local === undefined) {
      local = this.listen(port);
      this.ports.set(port, local);
      local.catch(() => this.ports.delete(port));
    }
    const at = await local;
    return new Promise((resolve, reject) => {
      const s = connect(at, '127.0.0.1');
      s.once('connect', () => resolve(s));
      s.once('error', reject);
    });
  }

  /** Closes what this process still listens on (the pod's own network closes the rest). */
  close(): void {
    this.closed = true;
    for (const s of this.servers) s.close();
    this.servers.length = 0;
  }

  private async listen(port: number): Promise<number> {
    const server = createServer();
    this.servers.push(server);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', resolve);
    });
    const at = (server.address() as AddressInfo).port;
    await this.network().forward(server, port);
    return at;
  }
}
