import { describe, expect, it } from 'vitest';
import { observabilitySchema, otlpExportSchema } from '../../src/intent/observability-schema.js';

const messages = (v: unknown) => {
  const r = otlpExportSchema.safeParse(v);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('observabilitySchema |', () => {
  it('takes a grpc endpoint without a path and an http/protobuf endpoint with one', () => {
    expect(messages({ endpoint: 'http://c.o.svc:4317', protocol: 'grpc' })).toStrictEqual([]);
    expect(messages({ endpoint: 'http://c.o.svc:4317/', protocol: 'grpc' })).toStrictEqual([]);
    expect(messages({ endpoint: 'http://c.o.svc:4318/v1/logs', protocol: 'http/protobuf' })).toStrictEqual([]);
  });

  it('refuses a path on grpc, saying what to do instead', () => {
    expect(messages({ endpoint: 'http://c.o.svc:4317/v1/logs', protocol: 'grpc' })).toStrictEqual([
      'endpoint: "http://c.o.svc:4317/v1/logs" has a path, which grpc does not use; remove the path, or set protocol: http/protobuf if the path is the collector\'s logs path',
    ]);
  });

  it('refuses http/json, which agentgateway does not export, and an unknown section', () => {
    expect(messages({ endpoint: 'http://c.o.svc:4318', protocol: 'http/json' })).toHaveLength(1);
    expect(observabilitySchema.safeParse({ tracing: {} }).success).toBe(false);
  });
});
