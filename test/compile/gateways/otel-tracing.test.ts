import { describe, expect, it } from 'vitest';
import { parseOtelHeaders, translateOtelEnv } from '../../../src/compile/gateways/otel-tracing.js';
import type { EnvVar } from '../../../src/intent/common-schemas.js';

const OTLP = 'OTEL_EXPORTER_OTLP_';

function lit(name: string, value: string): EnvVar {
  return { name, value };
}

function fromSecret(name: string, key = 'token'): EnvVar {
  return { name, valueFrom: { secretKeyRef: { name: 'otel-credentials', key } } };
}

/** Serialisation drops `undefined`-valued keys; equality after a JSON round trip proves there are none. */
function expectNoUndefinedKeys(value: unknown): void {
  expect(JSON.parse(JSON.stringify(value))).toStrictEqual(value);
}

describe('translateOtelEnv | operator extract cases (otel_test.go)', () => {
  it('leaves env without otel variables unchanged and emits no tracing', () => {
    const env = [lit('FOO', 'bar'), lit('BAZ', 'qux')];
    expect(translateOtelEnv(env)).toStrictEqual({ env, warnings: [] });
  });

  it('captures the general endpoint and removes it from env', () => {
    const result = translateOtelEnv([lit(`${OTLP}ENDPOINT`, 'http://otel:4317'), lit('FOO', 'bar')]);
    expect(result.tracing).toStrictEqual({ otlpEndpoint: 'http://otel:4317' });
    expect(result.env).toStrictEqual([lit('FOO', 'bar')]);
  });

  it('captures endpoint, protocol and headers together and keeps the other variable', () => {
    const result = translateOtelEnv([
      lit(`${OTLP}ENDPOINT`, 'http://otel:4318'),
      lit(`${OTLP}PROTOCOL`, 'http/protobuf'),
      lit(`${OTLP}HEADERS`, 'key1=value1,key2=value2'),
      lit('OTHER_ENV', 'x'),
    ]);
    expect(result).toStrictEqual({
      env: [lit('OTHER_ENV', 'x')],
      tracing: { otlpEndpoint: 'http://otel:4318', otlpProtocol: 'http', headers: { key1: 'value1', key2: 'value2' } },
      warnings: [],
    });
  });

  it('consumes the general endpoint and all trace-specific variables', () => {
    const result = translateOtelEnv([
      lit(`${OTLP}ENDPOINT`, 'http://general:4317'),
      lit(`${OTLP}TRACES_ENDPOINT`, 'http://traces:4317'),
      lit(`${OTLP}TRACES_PROTOCOL`, 'grpc'),
      lit(`${OTLP}TRACES_HEADERS`, 'trace-key=trace-value'),
    ]);
    expect(result).toStrictEqual({
      env: [],
      tracing: { otlpEndpoint: 'http://traces:4317', otlpProtocol: 'grpc', headers: { 'trace-key': 'trace-value' } },
      warnings: [],
    });
  });

  it('translates trace variables but keeps metrics and logs variables in env, unlike the operator', () => {
    const result = translateOtelEnv([
      lit(`${OTLP}TRACES_ENDPOINT`, 'http://traces:4317'),
      lit(`${OTLP}TRACES_PROTOCOL`, 'grpc'),
      lit(`${OTLP}METRICS_ENDPOINT`, 'http://metrics:4317'),
      lit(`${OTLP}METRICS_PROTOCOL`, 'grpc'),
      lit(`${OTLP}LOGS_ENDPOINT`, 'http://logs:4318'),
      lit(`${OTLP}LOGS_PROTOCOL`, 'http/protobuf'),
    ]);
    expect(result.tracing).toStrictEqual({ otlpEndpoint: 'http://traces:4317', otlpProtocol: 'grpc' });
    expect(result.env).toStrictEqual([
      lit(`${OTLP}METRICS_ENDPOINT`, 'http://metrics:4317'),
      lit(`${OTLP}METRICS_PROTOCOL`, 'grpc'),
      lit(`${OTLP}LOGS_ENDPOINT`, 'http://logs:4318'),
      lit(`${OTLP}LOGS_PROTOCOL`, 'http/protobuf'),
    ]);
    expect(result.warnings).toHaveLength(4);
    for (const name of ['METRICS_ENDPOINT', 'METRICS_PROTOCOL', 'LOGS_ENDPOINT', 'LOGS_PROTOCOL']) {
      expect(result.warnings).toContain(
        `env ${OTLP}${name} is kept as a plain environment variable and not translated: ` +
          'agentgateway exports only traces over otlp from this config, not metrics or logs',
      );
    }
  });
});

describe('translateOtelEnv | operator build cases (otel_test.go)', () => {
  it('emits no tracing for an empty env', () => {
    expect(translateOtelEnv([])).toStrictEqual({ env: [], warnings: [] });
  });

  it('emits only otlpEndpoint when only the endpoint is given', () => {
    const result = translateOtelEnv([lit(`${OTLP}ENDPOINT`, 'http://otel:4317')]);
    expect(result.tracing).toStrictEqual({ otlpEndpoint: 'http://otel:4317' });
    expect(Object.keys(result.tracing ?? {})).toStrictEqual(['otlpEndpoint']);
  });

  it('maps grpc/protobuf to grpc', () => {
    const result = translateOtelEnv([lit(`${OTLP}ENDPOINT`, 'http://otel:4317'), lit(`${OTLP}PROTOCOL`, 'grpc/protobuf')]);
    expect(result.tracing).toStrictEqual({ otlpEndpoint: 'http://otel:4317', otlpProtocol: 'grpc' });
  });

  it('maps http/protobuf to http', () => {
    const result = translateOtelEnv([lit(`${OTLP}ENDPOINT`, 'http://otel:4318'), lit(`${OTLP}PROTOCOL`, 'http/protobuf')]);
    expect(result.tracing).toStrictEqual({ otlpEndpoint: 'http://otel:4318', otlpProtocol: 'http' });
    expect(result.warnings).toStrictEqual([]);
  });

  it('emits a headers map from the key=value form', () => {
    const result = translateOtelEnv([lit(`${OTLP}ENDPOINT`, 'http://otel:4318'), lit(`${OTLP}HEADERS`, 'key1=value1,key2=value2')]);
    expect(result.tracing?.headers).toStrictEqual({ key1: 'value1', key2: 'value2' });
  });

  it('prefers the traces endpoint over the general endpoint', () => {
    const result = translateOtelEnv([lit(`${OTLP}ENDPOINT`, 'http://general:4317'), lit(`${OTLP}TRACES_ENDPOINT`, 'http://traces:4317')]);
    expect(result.tracing?.otlpEndpoint).toBe('http://traces:4317');
  });

  it('prefers the traces protocol over the general protocol', () => {
    const result = translateOtelEnv([
      lit(`${OTLP}ENDPOINT`, 'http://otel:4317'),
      lit(`${OTLP}PROTOCOL`, 'http/protobuf'),
      lit(`${OTLP}TRACES_PROTOCOL`, 'grpc'),
    ]);
    expect(result.tracing?.otlpProtocol).toBe('grpc');
  });

  it('takes headers only from the traces headers when both are given', () => {
    const result = translateOtelEnv([
      lit(`${OTLP}ENDPOINT`, 'http://otel:4317'),
      lit(`${OTLP}HEADERS`, 'general=header'),
      lit(`${OTLP}TRACES_HEADERS`, 'trace-key=trace-value'),
    ]);
    expect(result.tracing?.headers).toStrictEqual({ 'trace-key': 'trace-value' });
  });

  it('lets every trace-specific variable win when all are combined', () => {
    const result = translateOtelEnv([
      lit(`${OTLP}ENDPOINT`, 'http://general:4318'),
      lit(`${OTLP}PROTOCOL`, 'http/protobuf'),
      lit(`${OTLP}TRACES_ENDPOINT`, 'http://traces:4317'),
      lit(`${OTLP}TRACES_PROTOCOL`, 'grpc'),
      lit(`${OTLP}TRACES_HEADERS`, 'auth=token123'),
    ]);
    expect(result).toStrictEqual({
      env: [],
      tracing: { otlpEndpoint: 'http://traces:4317', otlpProtocol: 'grpc', headers: { auth: 'token123' } },
      warnings: [],
    });
  });
});

describe('translateOtelEnv | worked example (test/golden/worked-example)', () => {
  it('produces the operator tracing block, keeps LOG_LEVEL and warns about nothing', () => {
    const result = translateOtelEnv([
      lit(`${OTLP}ENDPOINT`, 'http://otel:4318'),
      lit(`${OTLP}PROTOCOL`, 'http/protobuf'),
      lit('LOG_LEVEL', 'info'),
    ]);
    expect(result).toStrictEqual({
      env: [lit('LOG_LEVEL', 'info')],
      tracing: { otlpEndpoint: 'http://otel:4318', otlpProtocol: 'http' },
      warnings: [],
    });
  });
});

describe('translateOtelEnv | env handling', () => {
  it('returns an empty env and no tracing for undefined input', () => {
    expect(translateOtelEnv(undefined)).toStrictEqual({ env: [], warnings: [] });
  });

  it('preserves the original order of the variables it keeps', () => {
    const result = translateOtelEnv([
      lit('A', '1'),
      lit(`${OTLP}ENDPOINT`, 'http://otel:4318'),
      lit(`${OTLP}LOGS_ENDPOINT`, 'http://logs:4318'),
      lit('B', '2'),
      fromSecret(`${OTLP}HEADERS`),
      lit(`${OTLP}PROTOCOL`, 'http/protobuf'),
      lit('C', '3'),
    ]);
    expect(result.env.map((e) => e.name)).toStrictEqual(['A', `${OTLP}LOGS_ENDPOINT`, 'B', `${OTLP}HEADERS`, 'C']);
  });

  it('removes a consumed variable even when its value is empty, without tracing or warnings', () => {
    expect(translateOtelEnv([lit(`${OTLP}ENDPOINT`, ''), { name: `${OTLP}PROTOCOL` }, lit('A', '1')])).toStrictEqual({
      env: [lit('A', '1')],
      warnings: [],
    });
  });

  it('lets the last occurrence of a duplicated variable win', () => {
    const result = translateOtelEnv([
      lit(`${OTLP}ENDPOINT`, 'http://first:4318'),
      lit(`${OTLP}PROTOCOL`, 'http/protobuf'),
      lit(`${OTLP}ENDPOINT`, 'http://second:4318'),
    ]);
    expect(result.tracing?.otlpEndpoint).toBe('http://second:4318');
    expect(result.env).toStrictEqual([]);
  });

  it('treats an empty last occurrence as unset and falls back to the general variable', () => {
    const result = translateOtelEnv([
      lit(`${OTLP}ENDPOINT`, 'http://general:4318'),
      lit(`${OTLP}PROTOCOL`, 'http/protobuf'),
      lit(`${OTLP}TRACES_ENDPOINT`, 'http://traces:4318'),
      lit(`${OTLP}TRACES_ENDPOINT`, ''),
    ]);
    expect(result.tracing?.otlpEndpoint).toBe('http://general:4318');
  });

  it('drops undefined-valued keys from the env entries it keeps', () => {
    const result = translateOtelEnv([{ name: 'A', value: 'x', valueFrom: undefined }]);
    expect(result.env).toStrictEqual([{ name: 'A', value: 'x' }]);
    expectNoUndefinedKeys(result);
  });

  it('has no undefined-valued keys in a full translation', () => {
    const result = translateOtelEnv([
      lit(`${OTLP}ENDPOINT`, 'http://otel:4318'),
      lit(`${OTLP}HEADERS`, 'a=b'),
      { name: 'X', value: undefined, valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
    ]);
    expectNoUndefinedKeys(result);
    expect(result.env).toStrictEqual([{ name: 'X', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }]);
  });

  it('does not mutate its input', () => {
    const env = [lit(`${OTLP}ENDPOINT`, 'http://otel:4318'), lit('A', '1')];
    const snapshot = structuredClone(env);
    translateOtelEnv(env);
    expect(env).toStrictEqual(snapshot);
  });

  it('matches variable names case-sensitively', () => {
    const env = [lit('otel_exporter_otlp_endpoint', 'http://otel:4318')];
    expect(translateOtelEnv(env)).toStrictEqual({ env, warnings: [] });
  });
});

describe('translateOtelEnv | valueFrom variables (agentgateway reads them from its env at start)', () => {
  const endpointFromSecret =
    "the tracing endpoint comes from a Secret (valueFrom), which the proxy reads at start, so the gateway's NetworkPolicy " +
    `cannot allow the collector; an endpoint is not a credential: set ${OTLP}ENDPOINT or ${OTLP}TRACES_ENDPOINT as a value, and keep only headers in the Secret`;

  it('keeps a secret-sourced endpoint in env and writes an empty tracing block, which the proxy needs to read it', () => {
    const secret = fromSecret(`${OTLP}ENDPOINT`);
    const result = translateOtelEnv([secret, lit('A', '1')]);
    expect(result.env).toStrictEqual([secret, lit('A', '1')]);
    expect(result.env[0]?.valueFrom).toBe(secret.valueFrom);
    expect(result.tracing).toStrictEqual({});
    expect(result.warnings).toContain(endpointFromSecret);
  });

  it('keeps secret-sourced headers in env, where the proxy takes them, and warns about nothing', () => {
    const secret = fromSecret(`${OTLP}HEADERS`);
    const result = translateOtelEnv([lit(`${OTLP}ENDPOINT`, 'http://otel:4318'), lit(`${OTLP}PROTOCOL`, 'http/protobuf'), secret]);
    expect(result).toStrictEqual({
      env: [secret],
      tracing: { otlpEndpoint: 'http://otel:4318', otlpProtocol: 'http' },
      warnings: [],
    });
  });

  it('leaves every variable of a field with a secret-sourced one in env, so the proxy applies the OTel precedence', () => {
    // Written into the config, the general headers would be merged with the Secret's trace headers,
    // while OTel says the trace headers replace them.
    const result = translateOtelEnv([
      lit(`${OTLP}ENDPOINT`, 'http://general:4318'),
      lit(`${OTLP}PROTOCOL`, 'http/protobuf'),
      lit(`${OTLP}HEADERS`, 'general=yes'),
      fromSecret(`${OTLP}TRACES_HEADERS`),
    ]);
    expect(result.tracing).toStrictEqual({ otlpEndpoint: 'http://general:4318', otlpProtocol: 'http' });
    expect(result.env).toStrictEqual([lit(`${OTLP}HEADERS`, 'general=yes'), fromSecret(`${OTLP}TRACES_HEADERS`)]);
  });

  it('keeps a literal trace endpoint in env beside a secret-sourced general one, where it still wins', () => {
    const result = translateOtelEnv([fromSecret(`${OTLP}ENDPOINT`), lit(`${OTLP}TRACES_ENDPOINT`, 'http://traces:4318')]);
    expect(result.env).toStrictEqual([fromSecret(`${OTLP}ENDPOINT`), lit(`${OTLP}TRACES_ENDPOINT`, 'http://traces:4318')]);
    expect(result.tracing).toStrictEqual({});
  });

  it('counts only the last occurrence of a repeated name, as Kubernetes does', () => {
    const shadowedLiteral = translateOtelEnv([lit(`${OTLP}ENDPOINT`, 'http://literal:4318'), fromSecret(`${OTLP}ENDPOINT`, 'endpoint')]);
    expect(shadowedLiteral.tracing).toStrictEqual({});
    expect(shadowedLiteral.env).toStrictEqual([fromSecret(`${OTLP}ENDPOINT`, 'endpoint')]);
    const shadowedSecret = translateOtelEnv([
      fromSecret(`${OTLP}ENDPOINT`, 'endpoint'),
      lit(`${OTLP}ENDPOINT`, 'http://literal:4318'),
      lit(`${OTLP}PROTOCOL`, 'http/protobuf'),
    ]);
    // Kept in env, the earlier Secret-sourced value would override the config at start.
    expect(shadowedSecret).toStrictEqual({ env: [], tracing: { otlpEndpoint: 'http://literal:4318', otlpProtocol: 'http' }, warnings: [] });
  });

  it('prefers valueFrom over value when an entry has both', () => {
    const both: EnvVar = { name: `${OTLP}ENDPOINT`, value: 'http://otel:4318', valueFrom: { secretKeyRef: { key: 'endpoint' } } };
    const result = translateOtelEnv([both]);
    expect(result.tracing).toStrictEqual({});
    expect(result.env).toStrictEqual([both]);
  });

  it('treats a null valueFrom as unset', () => {
    // YAML `valueFrom: ~`; the intent schema rejects it, but the translation still reads it as Kubernetes does.
    const nullValueFrom = { name: `${OTLP}ENDPOINT`, value: 'http://otel:4318', valueFrom: null } as unknown as EnvVar;
    const result = translateOtelEnv([nullValueFrom, lit(`${OTLP}PROTOCOL`, 'grpc')]);
    expect(result).toStrictEqual({
      env: [],
      tracing: { otlpEndpoint: 'http://otel:4318', otlpProtocol: 'grpc' },
      warnings: [],
    });
  });

  it('warns once about a secret-sourced endpoint given twice, and keeps only the one the container gets', () => {
    const result = translateOtelEnv([fromSecret(`${OTLP}ENDPOINT`, 'a'), fromSecret(`${OTLP}ENDPOINT`, 'b')]);
    expect(result.env).toStrictEqual([fromSecret(`${OTLP}ENDPOINT`, 'b')]);
    expect(result.warnings.filter((w) => w === endpointFromSecret)).toHaveLength(1);
  });

  it('gives a secret-sourced metrics variable only the metrics/logs warning', () => {
    const secret = fromSecret(`${OTLP}METRICS_HEADERS`);
    const result = translateOtelEnv([secret]);
    expect(result.env).toStrictEqual([secret]);
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toContain('kept as a plain environment variable and not translated');
  });
});

describe('translateOtelEnv | protocol warnings', () => {
  it('warns that agentgateway assumes grpc when an endpoint has no protocol, without echoing the url', () => {
    const result = translateOtelEnv([lit(`${OTLP}TRACES_ENDPOINT`, 'http://user:secret@otel:4318')]);
    expect(result.tracing).toStrictEqual({ otlpEndpoint: 'http://user:secret@otel:4318' });
    expect(result.warnings).toStrictEqual([
      `env ${OTLP}TRACES_ENDPOINT sets a tracing endpoint but no protocol is given: agentgateway then assumes grpc ` +
        `while the opentelemetry default is http/protobuf; set ${OTLP}PROTOCOL (grpc, http/protobuf, http/json)`,
    ]);
    expect(result.warnings.join('\n')).not.toContain('secret');
  });

  it('leaves a secret-sourced protocol to the proxy, without a missing-protocol warning', () => {
    const result = translateOtelEnv([lit(`${OTLP}ENDPOINT`, 'http://otel:4318'), fromSecret(`${OTLP}PROTOCOL`)]);
    expect(result.tracing).toStrictEqual({ otlpEndpoint: 'http://otel:4318' });
    expect(result.env).toStrictEqual([fromSecret(`${OTLP}PROTOCOL`)]);
    expect(result.warnings).toStrictEqual([]);
  });

  it('maps http/json to http, and says that agentgateway sends protobuf (the operator did so silently)', () => {
    const result = translateOtelEnv([lit(`${OTLP}ENDPOINT`, 'http://otel:4318'), lit(`${OTLP}PROTOCOL`, 'http/json')]);
    expect(result.tracing?.otlpProtocol).toBe('http');
    expect(result.warnings).toStrictEqual([
      `env ${OTLP}PROTOCOL asks for http/json, which agentgateway does not export (it speaks grpc and http/protobuf); ` +
        'traces are sent as http/protobuf: set http/protobuf to say so, or grpc',
    ]);
  });

  it('passes an unknown protocol through raw and lists the allowed values', () => {
    const result = translateOtelEnv([lit(`${OTLP}ENDPOINT`, 'http://otel:4318'), lit(`${OTLP}PROTOCOL`, 'thrift')]);
    expect(result.tracing?.otlpProtocol).toBe('thrift');
    expect(result.warnings).toStrictEqual([
      `env ${OTLP}PROTOCOL has unknown otlp protocol "thrift" (allowed: grpc, http/protobuf, http/json); ` +
        'emitted as otlpProtocol "thrift"',
    ]);
  });

  it('warns about a prefix-mapped protocol that is not one of the allowed values', () => {
    const result = translateOtelEnv([lit(`${OTLP}ENDPOINT`, 'http://otel:4317'), lit(`${OTLP}TRACES_PROTOCOL`, 'grpc/protobuf')]);
    expect(result.tracing?.otlpProtocol).toBe('grpc');
    expect(result.warnings).toStrictEqual([
      `env ${OTLP}TRACES_PROTOCOL has unknown otlp protocol "grpc/protobuf" ` +
        '(allowed: grpc, http/protobuf, http/json); emitted as otlpProtocol "grpc"',
    ]);
  });

  it('treats protocol values case-sensitively, like the operator', () => {
    const result = translateOtelEnv([lit(`${OTLP}ENDPOINT`, 'http://otel:4317'), lit(`${OTLP}PROTOCOL`, 'GRPC')]);
    expect(result.tracing?.otlpProtocol).toBe('GRPC');
    expect(result.warnings).toHaveLength(1);
  });
});

describe('translateOtelEnv | variables without an endpoint', () => {
  it('drops protocol and headers with a warning when no endpoint resolves', () => {
    const result = translateOtelEnv([
      lit(`${OTLP}PROTOCOL`, 'grpc'),
      lit(`${OTLP}TRACES_HEADERS`, 'authorization=Bearer%20abc'),
      lit('A', '1'),
    ]);
    expect(result.env).toStrictEqual([lit('A', '1')]);
    expect(result.tracing).toBeUndefined();
    expect(result.warnings).toStrictEqual([
      `env ${OTLP}PROTOCOL is dropped because no tracing endpoint is set at build time; ` +
        `set ${OTLP}ENDPOINT or ${OTLP}TRACES_ENDPOINT to enable tracing`,
      `env ${OTLP}TRACES_HEADERS is dropped because no tracing endpoint is set at build time; ` +
        `set ${OTLP}ENDPOINT or ${OTLP}TRACES_ENDPOINT to enable tracing`,
    ]);
  });
});

describe('translateOtelEnv | header warnings', () => {
  it('skips invalid header fragments with warnings that name positions and keys but never values', () => {
    const result = translateOtelEnv([
      lit(`${OTLP}ENDPOINT`, 'http://otel:4318'),
      lit(`${OTLP}PROTOCOL`, 'grpc'),
      lit(`${OTLP}HEADERS`, 'Authorization: Bearer s3cr3t,x-ok=fine,=orphan-s3cr3t,x-bad=%zz-s3cr3t'),
    ]);
    expect(result.tracing?.headers).toStrictEqual({ 'x-ok': 'fine' });
    expect(result.warnings).toStrictEqual([
      `env ${OTLP}HEADERS: header fragment 1 skipped: no "=" between key and value`,
      `env ${OTLP}HEADERS: header fragment 3 skipped: empty key`,
      `env ${OTLP}HEADERS: header fragment 4 (key "x-bad") skipped: malformed percent-encoding in the value`,
    ]);
    expect(result.warnings.join('\n')).not.toContain('s3cr3t');
  });

  it('omits the headers key when every fragment is invalid', () => {
    const result = translateOtelEnv([
      lit(`${OTLP}ENDPOINT`, 'http://otel:4318'),
      lit(`${OTLP}PROTOCOL`, 'grpc'),
      lit(`${OTLP}HEADERS`, 'invalid'),
    ]);
    expect(result.tracing).toStrictEqual({ otlpEndpoint: 'http://otel:4318', otlpProtocol: 'grpc' });
    expect(result.warnings).toStrictEqual([`env ${OTLP}HEADERS: header fragment 1 skipped: no "=" between key and value`]);
  });

  it('percent-decodes header values', () => {
    const result = translateOtelEnv([
      lit(`${OTLP}ENDPOINT`, 'http://otel:4318'),
      lit(`${OTLP}PROTOCOL`, 'http/protobuf'),
      lit(`${OTLP}HEADERS`, 'Authorization=Basic%20dXNlcjpwYXNz,x-list=a%2Cb'),
    ]);
    expect(result.tracing?.headers).toStrictEqual({ Authorization: 'Basic dXNlcjpwYXNz', 'x-list': 'a,b' });
  });

  it('warns about an inline header that looks like a credential, by key and never by value', () => {
    for (const headers of ['Authorization=Basic%20dXNlcjpwYXNz', 'x-api-key=k3y-v4lue', 'x-tenant=Bearer abc.def']) {
      const result = translateOtelEnv([
        lit(`${OTLP}ENDPOINT`, 'http://otel:4318'),
        lit(`${OTLP}PROTOCOL`, 'http/protobuf'),
        lit(`${OTLP}HEADERS`, headers),
      ]);
      expect(result.warnings, headers).toHaveLength(1);
      expect(result.warnings[0]).toContain('looks like a credential');
      expect(result.warnings[0]).toContain('valueFrom.secretKeyRef');
      for (const secretPart of ['dXNlcjpwYXNz', 'k3y-v4lue', 'abc.def']) expect(result.warnings[0]).not.toContain(secretPart);
    }
    const plain = translateOtelEnv([
      lit(`${OTLP}ENDPOINT`, 'http://otel:4318'),
      lit(`${OTLP}PROTOCOL`, 'grpc'),
      lit(`${OTLP}HEADERS`, 'x-tenant=team-a'),
    ]);
    expect(plain.warnings).toStrictEqual([]);
  });
});

describe('parseOtelHeaders | operator cases (otel_test.go)', () => {
  it('returns an empty map for an empty string', () => {
    expect(parseOtelHeaders('')).toStrictEqual({ headers: {}, invalid: [] });
  });

  it('parses a single pair', () => {
    expect(parseOtelHeaders('key=value')).toStrictEqual({ headers: { key: 'value' }, invalid: [] });
  });

  it('parses two pairs', () => {
    expect(parseOtelHeaders('key1=value1,key2=value2').headers).toStrictEqual({ key1: 'value1', key2: 'value2' });
  });

  it('trims keys and values', () => {
    expect(parseOtelHeaders(' key1 = value1 , key2 = value2 ').headers).toStrictEqual({
      key1: 'value1',
      key2: 'value2',
    });
  });

  it('splits at the first "=" so the value keeps later ones', () => {
    expect(parseOtelHeaders('auth=Bearer token=abc123').headers).toStrictEqual({ auth: 'Bearer token=abc123' });
  });

  it('returns an empty map for a fragment without "="', () => {
    expect(parseOtelHeaders('invalid')).toStrictEqual({
      headers: {},
      invalid: ['header fragment 1 skipped: no "=" between key and value'],
    });
  });

  it('keeps the valid pairs around an invalid fragment', () => {
    expect(parseOtelHeaders('valid=value,invalid,another=value2')).toStrictEqual({
      headers: { valid: 'value', another: 'value2' },
      invalid: ['header fragment 2 skipped: no "=" between key and value'],
    });
  });

  it('parses a json object as a map', () => {
    expect(parseOtelHeaders('{"Authorization":"Bearer token","x-tenant":"acme"}')).toStrictEqual({
      headers: { Authorization: 'Bearer token', 'x-tenant': 'acme' },
      invalid: [],
    });
  });
});

describe('parseOtelHeaders | otel spec format', () => {
  it('percent-decodes values but not keys', () => {
    expect(parseOtelHeaders('x%41=a%3Db%20c').headers).toStrictEqual({ 'x%41': 'a=b c' });
  });

  it('keeps "+" literal, as in the w3c baggage format', () => {
    expect(parseOtelHeaders('k=a+b').headers).toStrictEqual({ k: 'a+b' });
  });

  it('accepts unencoded spaces inside values', () => {
    expect(parseOtelHeaders('Authorization=Bearer abc').headers).toStrictEqual({ Authorization: 'Bearer abc' });
  });

  it('trims whitespace decoded from the edges of a value', () => {
    expect(parseOtelHeaders('k=%20v%20').headers).toStrictEqual({ k: 'v' });
  });

  it('keeps an empty value', () => {
    expect(parseOtelHeaders('k=').headers).toStrictEqual({ k: '' });
  });

  it('ignores empty fragments without reporting them', () => {
    expect(parseOtelHeaders(',a=1,, ,b=2,')).toStrictEqual({ headers: { a: '1', b: '2' }, invalid: [] });
  });

  it('lets the last duplicate key win', () => {
    expect(parseOtelHeaders('k=1,k=2').headers).toStrictEqual({ k: '2' });
  });

  it('rejects a key that is not an http token without echoing it', () => {
    expect(parseOtelHeaders('bad key=v,good=v')).toStrictEqual({
      headers: { good: 'v' },
      invalid: ['header fragment 1 skipped: key is not a valid http header name'],
    });
  });

  it('rejects a value that decodes to a line break', () => {
    expect(parseOtelHeaders('x-evil=a%0D%0Ainjected: 1')).toStrictEqual({
      headers: {},
      invalid: ['header fragment 1 (key "x-evil") skipped: value contains a control character'],
    });
  });

  it('allows a tab inside a value', () => {
    expect(parseOtelHeaders('k=a%09b').headers).toStrictEqual({ k: 'a\tb' });
  });

  it('rejects malformed percent-encoding', () => {
    expect(parseOtelHeaders('k=100%')).toStrictEqual({
      headers: {},
      invalid: ['header fragment 1 (key "k") skipped: malformed percent-encoding in the value'],
    });
  });

  it('keeps a __proto__ header as an own key', () => {
    const { headers } = parseOtelHeaders('__proto__=x');
    expect(Object.keys(headers)).toStrictEqual(['__proto__']);
    expect(Object.getOwnPropertyDescriptor(headers, '__proto__')?.value).toBe('x');
  });
});

describe('parseOtelHeaders | json form', () => {
  it('takes json values verbatim without percent-decoding or trimming', () => {
    expect(parseOtelHeaders(' {"k":" a%20b "} ').headers).toStrictEqual({ k: ' a%20b ' });
  });

  it('returns an empty map for an empty json object', () => {
    expect(parseOtelHeaders('{}')).toStrictEqual({ headers: {}, invalid: [] });
  });

  it('skips json entries with an invalid key or a control character in the value', () => {
    expect(parseOtelHeaders('{"bad key":"v","ok":"v","nl":"a\\nb"}')).toStrictEqual({
      headers: { ok: 'v' },
      invalid: [
        'json entry 1 skipped: key is not a valid http header name',
        'json entry 3 (key "nl") skipped: value contains a control character',
      ],
    });
  });

  it('falls back to key=value parsing when json values are not all strings', () => {
    expect(parseOtelHeaders('{"k":1}')).toStrictEqual({
      headers: {},
      invalid: [
        'value starts with "{" but is not a json object of string values, so it is read as key=value pairs',
        'header fragment 1 skipped: no "=" between key and value',
      ],
    });
  });

  it('reads a json array or scalar as key=value pairs', () => {
    expect(parseOtelHeaders('["a=b"]')).toStrictEqual({
      headers: {},
      invalid: ['header fragment 1 skipped: key is not a valid http header name'],
    });
    expect(parseOtelHeaders('null').invalid).toStrictEqual(['header fragment 1 skipped: no "=" between key and value']);
  });
});
