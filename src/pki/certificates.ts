/**
 * A private CA and a serving certificate signed by it, for the two servers: `serve` (SAN
 * 127.0.0.1 and localhost, its CA in the kubeconfig) and the admission webhook (SAN
 * `<service>.<namespace>.svc`, its CA in the webhook configurations' `caBundle`). EC P-256 keys,
 * SHA-256 signatures, made with `selfsigned` (its `generate` is async).
 */
import { generate } from 'selfsigned';

export interface ServingCertificate {
  /** The CA's certificate (PEM): what clients trust. */
  readonly caPem: string;
  /** The server's certificate (PEM), signed by the CA. */
  readonly certPem: string;
  /** The server's private key (PEM). */
  readonly keyPem: string;
  /** The CA's private key (PEM): kept by who renews, never given to clients. */
  readonly caKeyPem: string;
}

export interface CertificateRequest {
  readonly commonName: string;
  readonly dnsNames: readonly string[];
  readonly ipAddresses?: readonly string[];
  /** How long the server certificate is valid. @default 365 */
  readonly days?: number;
  /** How long the CA is valid. @default days */
  readonly caDays?: number;
  /** For tests. @default now */
  readonly now?: Date;
}

/** Makes a CA and a serving certificate for the names given. */
export async function makeServingCertificate(req: CertificateRequest): Promise<ServingCertificate> {
  const now = (req.now ?? new Date()).getTime();
  // A minute back: a client whose clock is a little behind still accepts it.
  const notBeforeDate = new Date(now - 60_000);
  const days = req.days ?? 365;
  const notAfterDate = new Date(now + days * 86_400_000);
  const caNotAfter = new Date(now + (req.caDays ?? days) * 86_400_000);
  const ca = await generate([{ name: 'commonName', value: `${req.commonName} CA` }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate: caNotAfter,
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      {
        name: 'keyUsage',
        keyCertSign: true,
        cRLSign: true,
        digitalSignature: true,
        critical: true,
      },
    ],
  });
  const leaf = await generate([{ name: 'commonName', value: req.commonName }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          ...req.dnsNames.map((value) => ({ type: 2 as const, value })),
          ...(req.ipAddresses ?? []).map((ip) => ({ type: 7 as const, ip })),
        ],
      },
    ],
  });
  return { caPem: ca.cert, certPem: leaf.cert, keyPem: leaf.private, caKeyPem: ca.private };
}
