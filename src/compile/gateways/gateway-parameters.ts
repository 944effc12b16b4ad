import { AgentgatewayParameters } from '../../../imports/agentgateway.dev.constants.js';
import type { AgentgatewayParametersSpec, AgentgatewayParametersSpecEnv } from '../../../imports/agentgateway.dev.js';
import type { Problem } from '../../contracts/problem.js';
import type { ToolGatewayIntent } from '../../intent/estate.js';
import type { Manifest } from '../../contracts/manifest.js';
import { buildManifest } from '../build-manifest.js';
import { provenanceLabels } from '../labels.js';
import { problemsFor } from '../problem-sink.js';
import { translateOtelEnv } from './otel-tracing.js';

/** Container name agentgateway's deployer gives the proxy; overlays merge by it. */
const PROXY_CONTAINER = 'agentgateway';

function nonEmpty<T>(list: readonly T[] | undefined): T[] | undefined {
  return list && list.length > 0 ? [...list] : undefined;
}

function metadataOverlay(m: { labels?: Record<string, string>; annotations?: Record<string, string> } | undefined) {
  if (!m) return undefined;
  const labels = m.labels && Object.keys(m.labels).length > 0 ? m.labels : undefined;
  const annotations = m.annotations && Object.keys(m.annotations).length > 0 ? m.annotations : undefined;
  return labels || annotations ? { labels, annotations } : undefined;
}

/**
 * AgentgatewayParameters for a ToolGateway's proxy: env (with OTEL_EXPORTER_OTLP_* trace
 * settings translated into agentgateway's tracing config), envFrom on the proxy container,
 * a ClusterIP Service, and — unlike the operator, which ignored them — the ToolGateway's
 * commonMetadata and podMetadata. Empty lists are left out rather than written as `[]`.
 */
export function compileGatewayParameters(tg: ToolGatewayIntent, problems: Problem[]): Manifest {
  const otel = translateOtelEnv(tg.spec.env);
  const report = problemsFor(tg, problems);
  for (const warning of otel.warnings) report.warning('spec.env', warning);
  const common = metadataOverlay(tg.spec.commonMetadata);
  // commonMetadata applies to the pod template too (as the CRD documents); podMetadata wins on a shared key.
  const pod = metadataOverlay({
    labels: { ...tg.spec.commonMetadata?.labels, ...tg.spec.podMetadata?.labels },
    annotations: { ...tg.spec.commonMetadata?.annotations, ...tg.spec.podMetadata?.annotations },
  });
  const envFrom = nonEmpty(tg.spec.envFrom);
  const deploymentSpec: Record<string, unknown> = {};
  if (pod || envFrom) {
    deploymentSpec.template = {
      ...(pod ? { metadata: pod } : {}),
      ...(envFrom ? { spec: { containers: [{ name: PROXY_CONTAINER, envFrom }] } } : {}),
    };
  }
  const hasDeployment = common || Object.keys(deploymentSpec).length > 0;
  return buildManifest(
    AgentgatewayParameters.GVK,
    { name: tg.name, namespace: tg.namespace, labels: provenanceLabels({ toolGateway: tg }) },
    {
      spec: {
        // Intent EnvVars are Kubernetes EnvVars, but the intent schema leaves some valueFrom sources
        // open (fileKeyRef, resourceFieldRef), so the generated type cannot be proven here; the
        // validation gate checks the result against the CRD schema.
        env: nonEmpty(otel.env) as AgentgatewayParametersSpecEnv[] | undefined,
        rawConfig: otel.tracing ? { config: { tracing: otel.tracing } } : undefined,
        deployment: hasDeployment
          ? { metadata: common, spec: Object.keys(deploymentSpec).length > 0 ? deploymentSpec : undefined }
          : undefined,
        service: { metadata: common, spec: { type: 'ClusterIP' } },
      } satisfies AgentgatewayParametersSpec,
    },
  );
}
