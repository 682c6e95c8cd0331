/**
 * lifecycle: a sidecar declared after a regular init container that needs it.
 *
 * Init containers run strictly in spec order and a regular init container must exit 0 before
 * the next entry starts (reference section c.1 rules 1-2), so a sidecar declared after it is not
 * running yet when it needs it (injectors-and-linters.md section 2 item 4: vault-agent-init
 * before istio-proxy, istio/istio#43324; kumahq/kuma#13791). We report it only where we can
 * tell: the init container names a localhost port the sidecar serves (certain: error), or a
 * mesh proxy that captures all traffic comes after an init container that talks to the network
 * (likely: warning).
 */
import { commandWords, recognise } from '../catalog/recognise.js';
import { isRecord } from '../manifest/objects.js';
import type { ClassifiedContainer } from '../model/containers.js';
import type { RuleContext, RuleFinding, RuleMeta, RuleSet } from '../rules/rule.js';
import { containerField } from './container-facts.js';

const META: RuleMeta = {
  id: 'sidecar-after-dependent-init',
  category: 'lifecycle',
  severity: 'warning',
  doc: 'A sidecar is declared after a regular init container that needs it (a localhost port it serves, or the network behind a mesh proxy): that init container runs before the sidecar starts.',
};

/** Mesh proxies redirect all pod traffic once their init step set up iptables. */
const MESH = new Set(['Istio proxy', 'Linkerd proxy', 'Kuma data plane', 'Consul dataplane']);

const NETWORK_TOOL =
  /\b(curl|wget|nc|psql|mysql|pg_isready|redis-cli|mongo(sh)?|grpcurl)\b|https?:\/\//;

/** The text an init container runs with: command, args and env values. */
function textOf(c: ClassifiedContainer): string {
  const words = commandWords(c.spec);
  const env = c.spec['env'];
  if (Array.isArray(env)) {
    for (const e of env) if (isRecord(e) && typeof e['value'] === 'string') words.push(e['value']);
  }
  return words.join(' ');
}

/** Ports a sidecar serves: its containerPorts and `--port=N`-style flags. */
function portsOf(c: ClassifiedContainer): Set<number> {
  const out = new Set<number>();
  const ports = c.spec['ports'];
  if (Array.isArray(ports)) {
    for (const p of ports)
      if (isRecord(p) && typeof p['containerPort'] === 'number') out.add(p['containerPort']);
  }
  for (const w of commandWords(c.spec)) {
    const m = /^--?[\w-]*port[=\s](\d{1,5})$/.exec(w);
    if (m) out.add(Number(m[1]));
  }
  return out;
}

function localPorts(text: string): Set<number> {
  const out = new Set<number>();
  for (const m of text.matchAll(/\b(?:localhost|127\.0\.0\.1|\[::1\])[:\s]+(\d{1,5})\b/g))
    out.add(Number(m[1]));
  return out;
}

export const sidecarAfterDependentInit: RuleSet = {
  rules: [META],
  check(ctx: RuleContext): RuleFinding[] {
    const inits = ctx.containers.filter((c) => c.list === 'initContainers');
    const out: RuleFinding[] = [];
    inits.forEach((init, i) => {
      if (init.kind !== 'init' || init.spec['restartPolicy'] === 'Always') return;
      const text = textOf(init);
      const wanted = localPorts(text);
      for (const later of inits.slice(i + 1)) {
        if (later.kind !== 'sidecar') continue;
        const served = [...portsOf(later)].filter((p) => wanted.has(p));
        if (served.length > 0) {
          out.push({
            rule: META.id,
            field: containerField(ctx, later),
            severity: 'error',
            message:
              `init container "${init.name}" connects to localhost:${String(served[0])}, which sidecar "${later.name}" ` +
              'serves, but the sidecar is declared after it and starts only once it has exited; move the sidecar before it',
          });
          return;
        }
        const known = recognise(later.spec, ctx.catalog);
        if (known !== null && MESH.has(known.product) && NETWORK_TOOL.test(text)) {
          out.push({
            rule: META.id,
            field: containerField(ctx, later),
            message:
              `init container "${init.name}" uses the network, but ${known.product} sidecar "${later.name}" is declared ` +
              'after it: its traffic may be redirected to a proxy that is not running yet; declare the proxy first',
          });
          return;
        }
      }
    });
    return out;
  },
};
