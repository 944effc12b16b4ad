import fc from 'fast-check';
import { nodeId, type NodeShape, type Topology, type TopologyNode } from '../../src/explain/topology.js';

const SHAPES: NodeShape[] = ['gateway', 'route', 'upstream', 'guard', 'peer'];

/** Topologies with arbitrary names, labels and namespaces, as a hostile estate could produce. */
export function arbitraryTopology(): fc.Arbitrary<Topology> {
  const node = fc.record({
    key: fc.string({ unit: 'binary', maxLength: 20 }),
    label: fc.string({ unit: 'binary', maxLength: 30 }),
    shape: fc.constantFrom(...SHAPES),
    namespace: fc.option(fc.string({ unit: 'binary', maxLength: 10 }), { nil: undefined }),
  });
  return fc.uniqueArray(node, { minLength: 1, maxLength: 8, selector: (n) => `${n.shape} ${n.key}` }).chain((raw) => {
    const nodes: TopologyNode[] = raw.map((n) => ({
      id: nodeId(n.shape === 'upstream' ? 'ts' : n.shape === 'gateway' ? 'gw' : n.shape === 'route' ? 'rt' : n.shape, n.key),
      label: n.label,
      shape: n.shape,
      ...(n.namespace === undefined ? {} : { namespace: n.namespace }),
    }));
    const ids = nodes.map((n) => n.id);
    const edge = fc.record({
      from: fc.constantFrom(...ids),
      to: fc.constantFrom(...ids),
      label: fc.option(fc.string({ unit: 'binary', maxLength: 30 }), { nil: undefined }),
      style: fc.constantFrom('solid' as const, 'dashed' as const),
    });
    return fc.array(edge, { maxLength: 10 }).map((edges) => ({
      nodes,
      edges: edges.map((e) => (e.label === undefined ? { from: e.from, to: e.to, style: e.style } : e)),
    }));
  });
}
