import { z } from 'zod';
import { targetPortSchema } from './common-schemas.js';
import { parseHttpUrl } from './http-url.js';
import { labelSelectorSchema } from './namespace-selector-schema.js';
import { urlField } from './url-field-schema.js';
import { urlText } from '../contracts/redact-url.js';

/** The OTLP transports agentgateway exports access logs over, named as OTEL_EXPORTER_OTLP_PROTOCOL names them. */
export const OTLP_LOG_PROTOCOLS = ['grpc', 'http/protobuf'] as const;

/** An OTLP collector the gateway proxy sends to. */
export const otlpExportSchema = z
  .strictObject({
    /** The collector's URL; for http/protobuf its path is the logs path (default `/v1/logs`). */
    endpoint: urlField(),
    /**
     * Required: agentgateway's default (grpc) and OpenTelemetry's (http/protobuf) differ, and a
     * guess would send the wrong protocol to one of the collector's two ports.
     */
    protocol: z.enum(OTLP_LOG_PROTOCOLS),
    /** The collector pods' port behind an in-cluster Service URL, for the proxy's NetworkPolicy. */
    targetPort: targetPortSchema.optional(),
  })
  .superRefine((otlp, ctx) => {
    const parsed = parseHttpUrl(otlp.endpoint);
    if (otlp.protocol === 'grpc' && 'url' in parsed && parsed.url.path !== '/') {
      ctx.addIssue({
        code: 'custom',
        path: ['endpoint'],
        message: `${urlText(otlp.endpoint)} has a path, which grpc does not use; remove the path, or set protocol: http/protobuf if the path is the collector's logs path`,
      });
    }
  });
export type OtlpExportSpec = z.infer<typeof otlpExportSchema>;

/**
 * Extension beyond the upstream ToolGateway CRD: what the gateway's proxy reports. Traces stay
 * with the `OTEL_EXPORTER_OTLP_*` variables in `spec.env` (see compile/gateways/otel-tracing.ts).
 */
export const observabilitySchema = z.strictObject({
  /**
   * Access logs with the MCP method, tool and target of every request, in the proxy's log and,
   * with `otlp`, exported to a collector.
   */
  accessLog: z.strictObject({ otlp: otlpExportSchema.optional() }).optional(),
  /**
   * Prometheus metrics with the MCP method, tool and target as labels, scraped from the proxy
   * pods' port 15020 by the pods of `scrapers` (the proxy's NetworkPolicy admits no one else).
   */
  metrics: z.strictObject({ scrapers: z.strictObject({ namespaceSelector: labelSelectorSchema }) }).optional(),
});
export type ObservabilitySpec = z.infer<typeof observabilitySchema>;
