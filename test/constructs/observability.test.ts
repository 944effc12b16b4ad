import { describe, expect, test } from 'vitest';
import { AllowedNamespaces } from '../../src/constructs/allowed-namespaces.js';
import { observabilitySpec } from '../../src/constructs/observability.js';
import { ToolGateway } from '../../src/constructs/tool-gateway.js';
import { chartIn, testApp } from '../support/construct-app.js';

describe('observabilitySpec |', () => {
  test('renders nothing without access logs or scrapers', () => {
    expect(observabilitySpec(undefined, undefined, 'tool-gateway')).toBeUndefined();
  });

  test('renders accessLog: {} and an OTLP export with the intent field names', () => {
    expect(observabilitySpec({}, undefined, 'tg')).toStrictEqual({ accessLog: {} });
    expect(
      observabilitySpec({ otlp: { endpoint: 'http://c.o.svc:4318/v1/logs', protocol: 'http/protobuf' } }, undefined, 'tg'),
    ).toStrictEqual({
      accessLog: { otlp: { endpoint: 'http://c.o.svc:4318/v1/logs', protocol: 'http/protobuf' } },
    });
  });

  test('metricsScrapers: all() is every namespace, same() the gateway’s own, selector() its labels', () => {
    const scrapers = (a: AllowedNamespaces) => observabilitySpec(undefined, a, 'tool-gateway');
    expect(scrapers(AllowedNamespaces.all())).toStrictEqual({ metrics: { scrapers: { namespaceSelector: {} } } });
    expect(scrapers(AllowedNamespaces.same())).toStrictEqual({
      metrics: { scrapers: { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'tool-gateway' } } } },
    });
    expect(scrapers(AllowedNamespaces.selector({ team: 'sre' }))).toStrictEqual({
      metrics: { scrapers: { namespaceSelector: { matchLabels: { team: 'sre' } } } },
    });
  });

  test('a mistake in the OTLP export is reported with the construct path, not thrown', () => {
    const app = testApp();
    new ToolGateway(chartIn(app, 'tool-gateway', 'platform'), 'shared', {
      accessLog: { otlp: { endpoint: 'otel-collector:4317', protocol: 'grpc' } },
    });
    const result = app.build();
    expect(result.files).toBeUndefined();
    expect(result.problems.map((p) => `${p.origin?.constructPath}: ${p.field}`)).toStrictEqual([
      'platform/shared: spec.observability.accessLog.otlp.endpoint',
    ]);
  });
});
