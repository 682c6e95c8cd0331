import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { builtinCatalog } from './load.js';
import { orderInitContainers, type OrderNode } from './order.js';

const cat = builtinCatalog().entries;
const entry = (n: string) => cat.get(n)!;

describe('orderInitContainers', () => {
  it('when nothing constrains the order then existing init containers keep theirs and new ones follow', () => {
    const nodes: OrderNode[] = [
      { name: 'migrate-db', priority: 0 },
      { name: 'fluent-bit', priority: 1, entry: entry('fluent-bit') },
      { name: 'wait-for', priority: -5 },
    ];
    assert.deepEqual(orderInitContainers(nodes).order, ['wait-for', 'migrate-db', 'fluent-bit']);
  });

  it('when istio-proxy joins then it goes after istio-init and before every other init container, as Istio native mode does', () => {
    const nodes: OrderNode[] = [
      { name: 'other-sidecar', priority: 0 },
      { name: 'istio-init', priority: 1 },
      { name: 'istio-proxy', priority: 2, entry: entry('istio-proxy') },
    ];
    assert.deepEqual(orderInitContainers(nodes).order, [
      'istio-init',
      'istio-proxy',
      'other-sidecar',
    ]);
  });

  it('when vault-agent-init needs the network then it goes after the proxy even when asked to run first (istio/istio#43324)', () => {
    const nodes: OrderNode[] = [
      { name: 'vault-agent-init', priority: -1, entry: entry('vault-agent'), helper: true },
      { name: 'envoy', priority: 1, entry: entry('envoy') },
      { name: 'vault-agent', priority: 2, entry: entry('vault-agent') },
    ];
    assert.deepEqual(orderInitContainers(nodes).order, [
      'envoy',
      'vault-agent-init',
      'vault-agent',
    ]);
  });

  it('when the constraints form a cycle then it says so and keeps the priority order', () => {
    const a = { ...entry('fluent-bit'), name: 'a', ordering: { after: ['b'] } };
    const b = { ...entry('fluent-bit'), name: 'b', ordering: { after: ['a'] } };
    const r = orderInitContainers([
      { name: 'b', priority: 1, entry: b },
      { name: 'a', priority: 0, entry: a },
    ]);
    assert.equal(r.cycle, true);
    assert.deepEqual(r.order, ['a', 'b']);
  });
});
