/** The `tool-gateway` command's usage text, printed by --help and after a wrong flag. */
export const USAGE = `usage:
  tool-gateway synth --input <dir|file> [--input ...] --out <dir> [--check]
                     [--cluster-domain <domain>] [--guardrail-adapter-image <image>]
                     [--production-mode] [--no-network-policies]
                     [--no-crds] [--reconciler-image <image>] [--no-reconciler] [--jobs 1|2]
                     [--reconciler-service-monitor] [--reconciler-metrics-from <namespace> ...]
                     [--reconciler-replicas <n>] [--reconciler-shards <n>]
                     [--max-file-size <bytes|NKiB|NMiB|NGiB>] [--allow-empty]
                     [--max-prune <percent>] [--prune-ok] [--adopt-class <name> ...] [--strict-input]
                     [--import <dir|file> ...] [--no-kustomization]
      Compiles ToolGateway, ToolRoute, ToolServer, Guard, GuardrailProvider and ToolSet custom
      resources (and v1 Namespaces, for their labels) into Gateway API and agentgateway YAML.
      Other objects in the input (ConfigMaps, Deployments, the agent runtime's kinds, Lists'
      items that are not intent, kustomization files) are skipped with a note; --strict-input
      makes each of them an error. ToolGatewayClasses are read, never written.
      --check writes nothing and exits 1 when <dir> differs from what synth would write.
      --no-kustomization leaves out <dir>/kustomization.yaml, which lists every generated file.
      --production-mode refuses routes without TLS, upstream credentials, gateway client
      authentication or a pinned allow-list (a route's spec.productionMode: false opts out).
      --no-crds leaves out the CRDs of the status carriers (install the upstream ones instead);
      --reconciler-image runs a prebuilt reconciler image instead of the bundle in a ConfigMap;
      --no-reconciler emits neither status carriers nor the reconciler.
      --reconciler-service-monitor adds a Service and a Prometheus Operator ServiceMonitor for the
      reconciler's /metrics (needs the monitoring.coreos.com CRDs); --reconciler-metrics-from
      <namespace> lets pods of that namespace reach its health port through its NetworkPolicy.
      --reconciler-replicas (default 2, at most 16) runs that many reconciler pods, which split the
      status carriers into --reconciler-shards shards (default 4 or the replicas, at most 64)
      through Leases in the reconciler's namespace.
      Only ToolGateways of our class (or of none, unless the input's default ToolGatewayClass is
      another controller's) compile; others, and their routes, are skipped with a note.
      --adopt-class <name> takes a class over, e.g. agentgateway when migrating from its operator.
      --import <dir|file> reads ToolGateways, ToolServers, Guards and GuardrailProviders another
      pipeline owns (e.g. the platform repository's folder): routes here may use them and their
      allowedRoutes, allowedNamespaces and authentication are honoured, but nothing is emitted for
      them (nor for ToolRoutes there). An intent document annotated
      cdk8s-tool-gateway/imported: "true" in an --input counts as imported too.
      --jobs 2 runs the validation gate in a worker thread while the files are written (faster
      on two cores for large estates, at the cost of a second heap); nothing is swapped in
      before the gate passed.
      Inputs are read as regular UTF-8 files only (no FIFOs or devices; symlinks only to files and
      directories inside an input directory), each at most --max-file-size (default 16MiB).
      An input without ToolGateway, ToolRoute, ToolServer, Guard or GuardrailProvider is refused
      unless --allow-empty; --out may not be, contain or lie inside an --input. A run that would
      delete more than --max-prune percent (default 50) of the previously generated files is
      refused unless --prune-ok.
  tool-gateway validate <dir|file>... [--max-file-size <size>]
      Checks Kubernetes manifests against the pinned CRD schemas and API-server rules.
  tool-gateway explain <namespace>/deployment/<name> | <namespace>/gateway/<name> [--manifests <dir|file>...]
                       [--max-file-size <size>]
      Shows who may reach a workload and what it may reach, from the NetworkPolicies in the
      manifests (default: dist).
  tool-gateway graph [--manifests <dir|file>...] [--format mermaid|dot] [--max-file-size <size>]
      Prints the topology of the manifests (default: dist) as a Mermaid flowchart (the default)
      or a Graphviz digraph: gateways, routes with their tool filters, upstreams, guards, the
      namespaces a gateway admits routes from, and who the NetworkPolicies let reach each gateway
      and workload.
  tool-gateway diff --base <dir|git-ref[:path]> --head <dir|git-ref[:path]> [--json] [--fail-on weaken]
                    [--cluster-domain <domain>] [--max-file-size <size>]
      Reports what a change newly exposes, and to whom: per gateway and route the URLs added or
      removed, tools newly allowed or denied by the filter (decided exactly, with an example
      name), client JWT, upstream TLS verification, credentials, guards and their failure mode,
      production mode, consent (allowedRoutes, allowedNamespaces), and who may newly reach each
      workload under the NetworkPolicies; each change marked WEAKENED or STRENGTHENED. A side is
      an intent directory (compiled here), a synthesized output (e.g. dist) or a git revision
      (<ref>:<path>, or <ref> for the other side's path), read without a checkout. Markdown for a
      pull-request comment, or --json. --fail-on weaken exits 3 when anything weakened.
  tool-gateway --version | --help`;
