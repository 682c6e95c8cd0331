/**
 * Content negotiation from `Accept`, as kube-apiserver's negotiation package does it for the
 * media types kubectl sends (k8s.io/apiserver pkg/endpoints/handlers/negotiation): Table output
 * (`as=Table;g=meta.k8s.io;v=v1`), aggregated discovery (`as=APIGroupDiscoveryList;
 * g=apidiscovery.k8s.io;v=v2|v2beta1`), everything else JSON (protobuf is answered with JSON,
 * which client-go accepts).
 */

/** One media range of an Accept header with its parameters. */
interface MediaRange {
  readonly type: string;
  readonly params: Readonly<Record<string, string>>;
}

/** The media ranges of an Accept header, in the client's order. */
export function parseAccept(accept: string | undefined): MediaRange[] {
  if (accept === undefined || accept.trim() === '') return [];
  return accept.split(',').map((part) => {
    const [type, ...rest] = part.split(';').map((s) => s.trim());
    const params: Record<string, string> = {};
    for (const p of rest) {
      const eq = p.indexOf('=');
      if (eq > 0) params[p.slice(0, eq).trim()] = p.slice(eq + 1).trim();
    }
    return { type: (type ?? '').toLowerCase(), params };
  });
}

const JSONISH = new Set(['application/json', '*/*', 'application/*']);

/** The Content-Type of a Table answer (meta.k8s.io/v1). */
export const TABLE_CONTENT_TYPE = 'application/json;as=Table;v=v1;g=meta.k8s.io';

/** Whether the client asks for a meta.k8s.io Table (v1 or v1beta1; we answer v1). */
export function wantsTable(accept: string | undefined): boolean {
  return parseAccept(accept).some(
    (m) => m.params['as'] === 'Table' && m.params['g'] === 'meta.k8s.io',
  );
}

/** The aggregated discovery version to answer, or undefined for the legacy form. */
export type DiscoveryForm = 'v2' | 'v2beta1' | undefined;

/**
 * The first aggregated discovery version the client lists (kubectl <= 1.29 knows only v2beta1:
 * kubectl-compat §1), else undefined (legacy APIVersions/APIGroupList). The client's order wins,
 * as in the apiserver's negotiation; a plain JSON range listed before both means legacy.
 */
export function discoveryForm(accept: string | undefined): DiscoveryForm {
  for (const m of parseAccept(accept)) {
    if (m.params['as'] === 'APIGroupDiscoveryList' && m.params['g'] === 'apidiscovery.k8s.io') {
      const v = m.params['v'];
      if (v === 'v2' || v === 'v2beta1') return v;
      continue;
    }
    if (JSONISH.has(m.type)) return undefined;
  }
  return undefined;
}

/** The Content-Type of aggregated discovery of one version. */
export function discoveryContentType(form: 'v2' | 'v2beta1'): string {
  return `application/json;g=apidiscovery.k8s.io;v=${form};as=APIGroupDiscoveryList`;
}
