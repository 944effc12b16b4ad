import * as k8s from '../../../imports/k8s.constants.js';
import type { IDeploymentSpec } from 'kubernetes-models/apps/v1';
import type { IEnvVar, IServiceSpec } from 'kubernetes-models/v1';
import type { EnvVar } from '../../intent/common-schemas.js';
import type { ToolServerIntent } from '../../intent/estate.js';
import type { Manifest } from '../../contracts/manifest.js';
import { buildManifest } from '../build-manifest.js';
import { provenanceLabels } from '../labels.js';
import { restrictedContainerSecurityContext, restrictedPodSecurityContext } from './pod-security.js';

const CONTAINER_NAME = 'toolserver';
const PORT_NAME = 'toolserver';

/** Resources when the ToolServer sets none (the upstream operator's defaults). */
export const DEFAULT_TOOL_SERVER_RESOURCES = {
  requests: { cpu: '100m', memory: '300Mi' },
  limits: { cpu: '500m', memory: '500Mi' },
} as const;

/**
 * Environment of the tool-server container: the upstream defaults first, then the user's
 * variables in the user's order. (The operator sorted the merged list by name, which breaks
 * `$(VAR)` references to variables defined earlier.) A user variable replaces a default of the
 * same name.
 */
export function toolServerEnv(server: ToolServerIntent): EnvVar[] {
  const user = server.spec.env ?? [];
  const defaults: EnvVar[] = [
    { name: 'OTEL_SEMCONV_STABILITY_OPT_IN', value: 'gen_ai_latest_experimental' },
    { name: 'OTEL_SERVICE_NAME', value: server.name },
  ];
  const overridden = new Set(user.map((e) => e.name));
  return [...defaults.filter((d) => !overridden.has(d.name)), ...user];
}

/** Pod selector of a tool server; kept equal to the upstream operator's so a migration needs no Deployment re-creation. */
export function toolServerSelector(server: { readonly name: string }): Record<string, string> {
  return { app: server.name };
}

function podLabels(server: ToolServerIntent): Record<string, string> {
  return {
    ...server.spec.commonMetadata?.labels,
    ...server.spec.podMetadata?.labels,
    ...provenanceLabels({ toolServer: server.name }),
    'app.kubernetes.io/name': server.name,
    'app.kubernetes.io/component': 'tool-server',
    ...toolServerSelector(server),
  };
}

function objectLabels(server: ToolServerIntent): Record<string, string> {
  return {
    ...server.spec.commonMetadata?.labels,
    ...provenanceLabels({ toolServer: server.name }),
    'app.kubernetes.io/name': server.name,
    'app.kubernetes.io/component': 'tool-server',
    app: server.name,
    protocol: server.spec.protocol,
    transport: server.spec.transportType,
  };
}

function nonEmptyMap(m: Record<string, string> | undefined): Record<string, string> | undefined {
  return m && Object.keys(m).length > 0 ? m : undefined;
}

/**
 * Pod security of a tool server: the restricted Pod Security Standard unless the ToolServer
 * overrides `runAsNonRoot` or `readOnlyRootFilesystem` (for images that need it).
 */
export function toolServerSecurity(server: ToolServerIntent): {
  runAsNonRoot: boolean;
  runAsUser?: number;
  runAsGroup?: number;
  readOnlyRootFilesystem: boolean;
} {
  const sc = server.spec.securityContext;
  return {
    runAsNonRoot: sc?.runAsNonRoot ?? true,
    runAsUser: sc?.runAsUser,
    runAsGroup: sc?.runAsGroup,
    readOnlyRootFilesystem: sc?.readOnlyRootFilesystem ?? true,
  };
}

/** The Deployment that runs a ToolServer (what agent-runtime-operator would create). */
export function compileToolServerDeployment(server: ToolServerIntent): Manifest {
  const s = server.spec;
  // The operator takes spec.resources whole when set; mixing in default limits could put a limit below a request.
  const resources = s.resources ?? DEFAULT_TOOL_SERVER_RESOURCES;
  const security = toolServerSecurity(server);
  const podAnnotations = nonEmptyMap({ ...s.commonMetadata?.annotations, ...s.podMetadata?.annotations });
  return buildManifest(
    k8s.KubeDeployment.GVK,
    {
      name: server.name,
      namespace: server.namespace,
      labels: objectLabels(server),
      annotations: nonEmptyMap(s.commonMetadata?.annotations),
    },
    {
      spec: {
        replicas: s.replicas,
        selector: { matchLabels: toolServerSelector(server) },
        template: {
          metadata: { labels: podLabels(server), annotations: podAnnotations },
          spec: {
            imagePullSecrets: s.imagePullSecrets && s.imagePullSecrets.length > 0 ? s.imagePullSecrets : undefined,
            securityContext: restrictedPodSecurityContext(security),
            volumes: security.readOnlyRootFilesystem ? [{ name: 'tmp', emptyDir: {} }] : undefined,
            containers: [
              {
                name: CONTAINER_NAME,
                image: s.image,
                command: s.command && s.command.length > 0 ? s.command : undefined,
                args: s.args && s.args.length > 0 ? s.args : undefined,
                ports: [{ name: PORT_NAME, containerPort: s.port, protocol: 'TCP' }],
                // The intent schema leaves valueFrom.fileKeyRef open, so IEnvVar cannot be proven here;
                // the validation gate checks the result against the Deployment schema.
                env: toolServerEnv(server) as IEnvVar[],
                envFrom: s.envFrom && s.envFrom.length > 0 ? s.envFrom : undefined,
                readinessProbe: {
                  tcpSocket: { port: PORT_NAME },
                  initialDelaySeconds: 10,
                  periodSeconds: 10,
                  timeoutSeconds: 3,
                  successThreshold: 1,
                  failureThreshold: 10,
                },
                securityContext: restrictedContainerSecurityContext(security.readOnlyRootFilesystem),
                // Most MCP servers write temporary files; a writable /tmp keeps the root filesystem read-only.
                volumeMounts: security.readOnlyRootFilesystem ? [{ name: 'tmp', mountPath: '/tmp' }] : undefined,
                resources: {
                  requests: resources.requests,
                  limits: resources.limits,
                  claims: s.resources?.claims && s.resources.claims.length > 0 ? s.resources.claims : undefined,
                },
              },
            ],
          },
        },
      } satisfies IDeploymentSpec,
    },
  );
}

/** The ClusterIP Service in front of a ToolServer; routes reach it by DNS name. */
export function compileToolServerService(server: ToolServerIntent): Manifest {
  return buildManifest(
    k8s.KubeService.GVK,
    {
      name: server.name,
      namespace: server.namespace,
      labels: objectLabels(server),
      annotations: nonEmptyMap(server.spec.commonMetadata?.annotations),
    },
    {
      spec: {
        type: 'ClusterIP',
        selector: toolServerSelector(server),
        ports: [
          {
            name: PORT_NAME,
            port: server.spec.port,
            targetPort: PORT_NAME,
            protocol: 'TCP',
          },
        ],
      } satisfies IServiceSpec,
    },
  );
}
