/**
 * The one TCP pipe of `--publish` and `hostPort`: every connection a listening socket accepts is
 * copied both ways to 127.0.0.1:targetPort of the network this code runs in. The netns helper runs
 * it inside the pod's network namespace (on the socket handed over to it); with the host's network
 * (`hostNetwork`, process isolation) the runtime runs it itself.
 */
import { connect, type Server, type Socket } from 'node:net';

export function forward(server: Server, targetPort: number): void {
  server.on('connection', (c: Socket) => {
    const u = connect(targetPort, '127.0.0.1');
    c.pipe(u).pipe(c);
    u.on('error', () => c.destroy());
    c.on('error', () => u.destroy());
  });
}
