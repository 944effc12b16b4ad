/**
 * Times the offline validation gate over ~200 representative objects.
 *
 *   node --import tsx bench/validate.bench.ts
 *
 * "cold" is the first call in a fresh process: it includes reading imports/schemas and compiling the
 * schema chunks the objects touch. "warm" repeats the same call with everything cached. Prints, asserts
 * nothing.
 */
import type { EmittedObject, Manifest } from '../src/contracts/manifest.js';
import { validateManifests } from '../src/validate/validate-manifests.js';
import * as fx from '../test/support/valid-manifests.js';

function renamed(m: Manifest, name: string, namespace: string): Manifest {
  return { ...m, metadata: { ...m.metadata, name, namespace } };
}

/** 10 gateways (Gateway, parameters, guardrail policy, grant, guard adapter triple) and 60 routes. */
function estate(): EmittedObject[] {
  const out: EmittedObject[] = [];
  for (let g = 0; g < 10; g++) {
    const ns = `gw-${g}`;
    out.push({ manifest: renamed(fx.gateway(), `tg-${g}`, ns) });
    out.push({ manifest: renamed(fx.parameters(), `tg-${g}`, ns) });
    out.push({ manifest: renamed(fx.guardrailPolicy(), `tg-${g}-guardrail`, ns) });
    out.push({ manifest: renamed(fx.referenceGrant(), `tg-${g}-grant`, 'guards') });
    out.push({ manifest: renamed(fx.configMap(), `guard-${g}-adapter`, 'guards') });
    out.push({ manifest: renamed(fx.deployment(), `guard-${g}-adapter`, 'guards') });
    out.push({ manifest: renamed(fx.service(), `guard-${g}-adapter`, 'guards') });
  }
  for (let r = 0; r < 60; r++) {
    const ns = `team-${r % 7}`;
    const intent = { kind: 'ToolRoute', namespace: ns, name: `route-${r}` };
    out.push({ manifest: renamed(fx.backend(), `tg-route-${r}`, ns), provenance: { intent } });
    out.push({ manifest: renamed(fx.httpRoute(), `tg-route-${r}`, ns), provenance: { intent } });
    if (r % 3 === 0) out.push({ manifest: renamed(fx.toolFilterPolicy(), `tg-route-${r}-toolfilter`, ns), provenance: { intent } });
  }
  return out;
}

const objects = estate();
const t0 = performance.now();
const problems = validateManifests(objects);
const cold = performance.now() - t0;

const runs = 20;
const times: number[] = [];
for (let i = 0; i < runs; i++) {
  const t = performance.now();
  validateManifests(objects);
  times.push(performance.now() - t);
}
times.sort((a, b) => a - b);

console.log(`objects: ${objects.length}, problems: ${problems.length}`);
console.log(`cold (load + compile + validate): ${cold.toFixed(1)} ms`);
console.log(
  `warm (median of ${runs}): ${times[Math.floor(runs / 2)]!.toFixed(1)} ms, min ${times[0]!.toFixed(1)} ms, max ${times[runs - 1]!.toFixed(1)} ms`,
);
