// Renders the argocd-cm snippet from the Lua health checks in health/argocd/, so the snippet
// can never drift from the scripts: `node scripts/update-health.mjs` rewrites it, and
// test/health/argocd-health.test.ts fails when the committed copies differ from this rendering.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Document } from 'yaml';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const LUA_DIR = join(ROOT, 'health', 'argocd');

/** Where the snippet is committed: the shipped copy and the example's. */
export const SNIPPET_FILES = ['health/argocd/argocd-cm.yaml', 'examples/argocd/argocd-cm.yaml'];

/** `<group>_<Kind>.lua` file names, sorted: Argo CD's key is `resource.customizations.health.<group>_<Kind>`. */
export function luaHealthChecks() {
  return readdirSync(LUA_DIR)
    .filter((f) => f.endsWith('.lua'))
    .sort()
    .map((file) => ({
      file,
      key: `resource.customizations.health.${file.slice(0, -'.lua'.length)}`,
      lua: readFileSync(join(LUA_DIR, file), 'utf8'),
    }));
}

export function renderArgocdCm() {
  const data = Object.fromEntries(luaHealthChecks().map((c) => [c.key, c.lua]));
  const doc = new Document({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: 'argocd-cm',
      namespace: 'argocd',
      labels: { 'app.kubernetes.io/name': 'argocd-cm', 'app.kubernetes.io/part-of': 'argocd' },
    },
    data,
  });
  doc.commentBefore =
    " Health checks for the kinds cdk8s-tool-gateway emits. Merge `data` into Argo CD's argocd-cm\n" +
    " (kubectl patch, kustomize or the Helm chart's configs.cm). Generated from health/argocd/*.lua\n" +
    ' by scripts/update-health.mjs: edit the .lua files, not this.';
  return doc.toString({ lineWidth: 0, blockQuote: 'literal' });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const text = renderArgocdCm();
  for (const f of SNIPPET_FILES) writeFileSync(join(ROOT, f), text);
}
