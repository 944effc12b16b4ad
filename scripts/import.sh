#!/usr/bin/env bash
# Regenerates imports/ from the pinned CRDs in ../shared/crds (see README "Typed imports").
# Each group's CRD files are joined into one multi-document YAML because `cdk8s import`
# writes one module per group and takes a single source.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
crds=${TOOL_GATEWAY_CRDS:-$root/../shared/crds}
[ -d "$crds" ] || { echo "import: pinned CRDs not found at $crds (set TOOL_GATEWAY_CRDS)" >&2; exit 1; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

join() { local out=$1; shift; for f in "$@"; do cat "$f"; echo '---'; done > "$out"; }
join "$tmp/gateway-api.yaml" "$crds"/gateway-api/standard/*.yaml
join "$tmp/agentgateway.yaml" "$crds"/agentgateway/*.yaml

cd "$root"
export CDK8S_CHECK_UPGRADE=false
for src in gateway-api agentgateway; do
  npx --no-install cdk8s import "$tmp/$src.yaml" --language typescript --output imports --no-check-upgrade
done
# The classes' GVKs and enums as plain constants, for code that must not load cdk8s.
node --import tsx scripts/generate-kind-constants.ts
[ -f scripts/derive-schemas.ts ] && node --import tsx scripts/derive-schemas.ts "$crds"
