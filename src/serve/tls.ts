/**
 * The TLS identity of `serve`: a CA made for this state directory and a server certificate it
 * signs (EC P-256, SHA-256; SAN IP 127.0.0.1 and DNS localhost), kept under `<state>/serve/` and
 * reused while the server certificate has more than a day left and still chains to the CA.
 * kubectl trusts it through the kubeconfig's certificate-authority-data.
 */
import { X509Certificate } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeServingCertificate } from '../pki/certificates.js';
import { writeSecretFile } from './secret-file.js';

/** The PEMs the server and the kubeconfig need. */
export interface ServeTls {
  readonly caCert: string;
  readonly cert: string;
  readonly key: string;
}

const DAY_MS = 24 * 3600 * 1000;
const FILES = { caCert: 'ca.crt', caKey: 'ca.key', cert: 'server.crt', key: 'server.key' };

function readIfValid(dir: string, now: Date): ServeTls | undefined {
  const paths = Object.values(FILES).map((f) => join(dir, f));
  if (!paths.every((p) => existsSync(p))) return undefined;
  try {
    const [caCert, , cert, key] = paths.map((p) => readFileSync(p, 'utf8')) as [
      string,
      string,
      string,
      string,
    ];
    const ca = new X509Certificate(caCert);
    const server = new X509Certificate(cert);
    const fresh = new Date(server.validTo).getTime() - now.getTime() > DAY_MS;
    if (!fresh || !server.checkIssued(ca) || !server.verify(ca.publicKey)) return undefined;
    if (!(server.subjectAltName ?? '').includes('IP Address:127.0.0.1')) return undefined;
    return { caCert, cert, key };
  } catch {
    return undefined;
  }
}

async function makeNew(dir: string, now: Date): Promise<ServeTls> {
  const made = await makeServingCertificate({
    commonName: 'sidecarctl-serve',
    dnsNames: ['localhost'],
    ipAddresses: ['127.0.0.1'],
    days: 365,
    caDays: 3650,
    now,
  });
  writeSecretFile(join(dir, FILES.caKey), made.caKeyPem);
  writeSecretFile(join(dir, FILES.caCert), made.caPem);
  writeSecretFile(join(dir, FILES.key), made.keyPem);
  writeSecretFile(join(dir, FILES.cert), made.certPem);
  return { caCert: made.caPem, cert: made.certPem, key: made.keyPem };
}

/**
 * The CA and server certificate kept in `dir` (`<state>/serve`), made when missing, invalid or
 * expiring within a day.
 */
export async function ensureServeTls(dir: string, now = new Date()): Promise<ServeTls> {
  return readIfValid(dir, now) ?? (await makeNew(dir, now));
}
