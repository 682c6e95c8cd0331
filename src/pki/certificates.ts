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
}

export interface CertificateRequest {
  readonly commonName: string;
  readonly dnsNames: readonly string[];
  readonly ipAddresses?: readonly string[];
  /** @default 365 */
  readonly days?: number;
  /** For tests. @default now */
  readonly now?: Date;
}

/** Makes a CA and a serving certificate for the names given. */
export async function makeServingCertificate(req: CertificateRequest): Promise<ServingCertificate> {
  const notBeforeDate = req.now ?? new Date();
  const notAfterDate = new Date(notBeforeDate.getTime() + (req.days ?? 365) * 86_400_000);
  const ca = await generate([{ name: 'commonName', value: `${req.commonName} CA` }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
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
  return { caPem: ca.cert, certPem: leaf.cert, keyPem: leaf.private };
}
