/**
 * `webhook serve` as the webhook tests and bench start it: on 127.0.0.1 (any port), the TLS files
 * `tls.crt` and `tls.key` of `dir`, modelling 1.33.
 */
import { join } from 'node:path';

/** The argv after node: the CLI's entry, then `webhook serve` and its flags. */
export function webhookServeArgs(cli: string, dir: string): string[] {
  return [
    cli,
    'webhook',
    'serve',
    '--listen',
    '127.0.0.1:0',
    '--tls-cert-file',
    join(dir, 'tls.crt'),
    '--tls-private-key-file',
    join(dir, 'tls.key'),
    '--k8s-version',
    '1.33',
  ];
}
