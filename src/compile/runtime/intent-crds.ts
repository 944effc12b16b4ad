import * as k8s from '../../../imports/k8s.constants.js';
import type { ICustomResourceDefinitionSpec } from 'kubernetes-models/apiextensions.k8s.io/v1';
import type { z } from 'zod';
import {
  conditionsOnlyStatusSchema,
  guardStatusSchema,
  toolGatewayStatusSchema,
  toolRouteStatusSchema,
} from '../../intent/carrier-status-schema.js';
import { INTENT_API_VERSION, type CarrierKind } from '../../contracts/api-group.js';
import { guardSpecSchema } from '../../intent/guard-schema.js';
import { guardrailProviderSpecSchema } from '../../intent/guardrail-provider-schema.js';
import { toolGatewayClassSpecSchema } from '../../intent/tool-gateway-class-schema.js';
import { toolGatewaySpecSchema } from '../../intent/tool-gateway-schema.js';
import { toolRouteSpecSchema } from '../../intent/tool-route-schema.js';
import { toolSetSpecSchema } from '../../intent/tool-set-schema.js';
import type { Manifest } from '../../contracts/manifest.js';
import type { JsonSchema } from '../../contracts/json.js';
import { MANAGED_BY } from '../../contracts/labels.js';
import { buildManifest } from '../build-manifest.js';
import { structuralSchema } from './structural-schema.js';

interface PrinterColumn {
  readonly name: string;
  readonly type: 'string' | 'integer' | 'date';
  readonly jsonPath: string;
}

/** The CRD of one carrier kind: our zod schemas, scope and printer columns. */
interface CarrierCrd {
  readonly kind: CarrierKind;
  readonly scope: 'Namespaced' | 'Cluster';
  readonly spec: z.ZodType;
  readonly status: z.ZodType;
  readonly columns: readonly PrinterColumn[];
}

const READY: PrinterColumn = { name: 'Ready', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].status' };
const URL: PrinterColumn = { name: 'URL', type: 'string', jsonPath: '.status.url' };
const AGE: PrinterColumn = { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' };

/** A ToolRoute's and a ToolSet's: both publish tools at a URL of a gateway. */
const ROUTE_COLUMNS: readonly PrinterColumn[] = [
  { name: 'Gateway', type: 'string', jsonPath: '.spec.toolGatewayRef.name' },
  URL,
  READY,
  { name: 'Tools', type: 'integer', jsonPath: '.status.tools.count' },
  AGE,
];

/** The kinds synth emits objects of, in the order their CRDs are listed. */
const CARRIER_CRDS: readonly CarrierCrd[] = [
  {
    kind: 'ToolGatewayClass',
    scope: 'Cluster',
    spec: toolGatewayClassSpecSchema,
    status: conditionsOnlyStatusSchema,
    columns: [{ name: 'Controller', type: 'string', jsonPath: '.spec.controller' }, AGE],
  },
  { kind: 'ToolGateway', scope: 'Namespaced', spec: toolGatewaySpecSchema, status: toolGatewayStatusSchema, columns: [URL, READY, AGE] },
  {
    kind: 'ToolRoute',
    scope: 'Namespaced',
    spec: toolRouteSpecSchema,
    status: toolRouteStatusSchema,
    columns: ROUTE_COLUMNS,
  },
  { kind: 'Guard', scope: 'Namespaced', spec: guardSpecSchema, status: guardStatusSchema, columns: [READY, AGE] },
  {
    kind: 'GuardrailProvider',
    scope: 'Namespaced',
    spec: guardrailProviderSpecSchema,
    status: conditionsOnlyStatusSchema,
    columns: [{ name: 'Type', type: 'string', jsonPath: '.spec.type' }, AGE],
  },
  {
    kind: 'ToolSet',
    scope: 'Namespaced',
    spec: toolSetSpecSchema,
    status: toolRouteStatusSchema,
    columns: ROUTE_COLUMNS,
  },
];

/** Kubernetes' plural of a kind name, as controller-gen writes it (`ToolGatewayClass` → `toolgatewayclasses`). */
export function pluralOf(kind: string): string {
  const lower = kind.toLowerCase();
  return /(s|x|z|ch|sh)$/.test(lower) ? `${lower}es` : `${lower}s`;
}

/**
 * CustomResourceDefinitions for the carrier kinds, generated from our zod schemas: the spec
 * schema cut to the upstream v0.28.1 fields (and carrying the upstream's structure markers and
 * CEL rule), the status schema the reconciler writes, the status subresource, and printer
 * columns for URL, readiness and tool count. Names, scope and version match the upstream CRDs,
 * so ours replace them in place. Annotated for an earlier Argo CD sync wave than the objects.
 */
export function compileIntentCrds(
  upstreamSpecSchemas: Readonly<Record<CarrierKind, JsonSchema>>,
  include: (kind: CarrierKind) => boolean = () => true,
): Manifest[] {
  const slash = INTENT_API_VERSION.indexOf('/');
  const group = INTENT_API_VERSION.slice(0, slash);
  const version = INTENT_API_VERSION.slice(slash + 1);
  return CARRIER_CRDS.filter((k) => include(k.kind)).map((k) => {
    const plural = pluralOf(k.kind);
    const openAPIV3Schema: JsonSchema = {
      type: 'object',
      properties: {
        apiVersion: { type: 'string' },
        kind: { type: 'string' },
        metadata: { type: 'object' },
        spec: structuralSchema(k.spec, upstreamSpecSchemas[k.kind]),
        status: structuralSchema(k.status),
      },
    };
    return buildManifest(
      k8s.KubeCustomResourceDefinition.GVK,
      {
        name: `${plural}.${group}`,
        labels: { 'app.kubernetes.io/managed-by': MANAGED_BY },
      },
      {
        spec: {
          group,
          names: { kind: k.kind, listKind: `${k.kind}List`, plural, singular: k.kind.toLowerCase() },
          scope: k.scope,
          versions: [
            {
              name: version,
              served: true,
              storage: true,
              schema: { openAPIV3Schema },
              subresources: { status: {} },
              additionalPrinterColumns: [...k.columns],
            },
          ],
        } satisfies ICustomResourceDefinitionSpec,
      },
    );
  });
}
