/**
 * Translates the OpenTelemetry exporter variables in `ToolGateway.spec.env` into agentgateway's
 * `AgentgatewayParameters.spec.rawConfig.config.tracing`, the way the upstream operator does, minus
 * its defects: it silently dropped metrics/logs and Secret-sourced variables, did not percent-decode
 * header values, and said nothing about a missing or unknown protocol.
 *
 * agentgateway (v1.4 and later) also reads `OTEL_EXPORTER_OTLP_{TRACES_,}{ENDPOINT,HEADERS,PROTOCOL}`
 * from its own environment when it starts, with the OTel precedence (traces over general), and
 * the environment wins over `config.tracing`; it does so only when a `config.tracing` block exists.
 * That is how a Secret-sourced variable works: it stays in the proxy's env, and the block is
 * written even when the endpoint itself comes from the Secret.
 * @see https://github.com/agentgateway/agentgateway/blob/v1.4.1/crates/agentgateway/src/config.rs
 */
import type { EnvVar } from '../../intent/common-schemas.js';

/** agentgateway's `config.tracing` block; only the keys the reference operator ever sets. */
export interface OtelTracing {
  /** Absent when the endpoint comes from a Secret: the proxy reads it from its env at start. */
  readonly otlpEndpoint?: string;
  readonly otlpProtocol?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/** Result of {@link translateOtelEnv}. */
export interface OtelTranslation {
  /** the env list left for the proxy container (translated vars removed, original order) */
  readonly env: readonly EnvVar[];
  /** present only when an endpoint is set; goes to AgentgatewayParameters spec.rawConfig.config.tracing */
  readonly tracing?: OtelTracing;
  /** lowercase human messages, one per issue found */
  readonly warnings: readonly string[];
}

const PREFIX = 'OTEL_EXPORTER_OTLP_';
const FIELDS = ['ENDPOINT', 'PROTOCOL', 'HEADERS'] as const;
const SIGNALS = ['TRACES', 'METRICS', 'LOGS'] as const;
type Field = (typeof FIELDS)[number];
type Signal = (typeof SIGNALS)[number];

/** The protocol values the OTel spec defines for OTEL_EXPORTER_OTLP_PROTOCOL. */
const KNOWN_PROTOCOLS = ['grpc', 'http/protobuf', 'http/json'];

const ENDPOINT_VARS = `${PREFIX}ENDPOINT or ${PREFIX}TRACES_ENDPOINT`;

// RFC 9110 `token`: anything else cannot be sent as a header name, so agentgateway would reject it
// at runtime instead of us rejecting it at build time.
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// RFC 9110 field values allow HTAB but no other control characters; a decoded %0A would otherwise
// smuggle a line break into the exporter's request.
// eslint-disable-next-line no-control-regex -- matching control characters is what this pattern is for
const HEADER_VALUE_FORBIDDEN = /[\u0000-\u0008\u000a-\u001f\u007f]/;

/** Header names and value shapes that carry credentials: they belong in a Secret, not in git. */
const CREDENTIAL_HEADER = /authorization|api[-_]?key|token|secret|password|credential|signature/i;
const CREDENTIAL_VALUE = /^(bearer|basic|token|apikey)\s/i;

interface Slot {
  /** `undefined` for the signal-less OTEL_EXPORTER_OTLP_{ENDPOINT,PROTOCOL,HEADERS}. */
  readonly signal?: Signal;
  readonly field: Field;
}

/** Which of the 12 intercepted names `name` is, if any. Names are case-sensitive, as in Kubernetes. */
function classify(name: string): Slot | undefined {
  if (!name.startsWith(PREFIX)) return undefined;
  const rest = name.slice(PREFIX.length);
  for (const field of FIELDS) {
    if (rest === field) return { field };
    for (const signal of SIGNALS) {
      if (rest === `${signal}_${field}`) return { signal, field };
    }
  }
  return undefined;
}

/** Copies an env entry without `undefined`-valued keys, so the YAML output stays deterministic. */
function cleanEnvVar(entry: EnvVar): EnvVar {
  return Object.fromEntries(Object.entries(entry).filter(([, v]: [string, unknown]) => v !== undefined)) as unknown as EnvVar;
}

/** Keeps the first occurrence of each message; a repeated variable should not repeat its warning. */
function dedupe(messages: readonly string[]): string[] {
  return [...new Set(messages)];
}

// `!= null` rather than `!== undefined`: YAML `valueFrom: ~` means "not set" to Kubernetes.
const fromSource = (entry: EnvVar): boolean => entry.valueFrom != null;

/**
 * Computes the proxy env and the agentgateway tracing config from a ToolGateway's `spec.env`.
 *
 * Of a repeated name only the last occurrence counts, as Kubernetes gives the container only
 * that one. A field (endpoint, protocol, headers) whose trace and signal-less variables are all
 * literal values is consumed into `tracing` (`OTEL_EXPORTER_OTLP_TRACES_*` wins; an empty value
 * counts as unset). A field with a Secret-sourced (`valueFrom`) variable stays in `env`, literal
 * variables included, so the proxy resolves it at start with the OTel precedence. Metrics/logs
 * variables are kept in `env` with a warning. `tracing` is present only when an endpoint is set.
 */
export function translateOtelEnv(env: readonly EnvVar[] | undefined): OtelTranslation {
  const entries = env ?? [];
  const warnings: string[] = [];
  const last = new Map<string, number>();
  entries.forEach((e, i) => {
    if (classify(e.name)) last.set(e.name, i);
  });
  // Fields with a Secret-sourced variable: the proxy resolves them from its env at start.
  const fromEnv = new Set<Field>();
  for (const [name, i] of last) {
    const slot = classify(name) as Slot;
    if (slot.signal !== 'METRICS' && slot.signal !== 'LOGS' && fromSource(entries[i] as EnvVar)) fromEnv.add(slot.field);
  }

  const kept: EnvVar[] = [];
  const literal = new Map<string, string>();
  entries.forEach((entry, i) => {
    const slot = classify(entry.name);
    if (!slot) {
      kept.push(cleanEnvVar(entry));
      return;
    }
    if (slot.signal === 'METRICS' || slot.signal === 'LOGS') {
      kept.push(cleanEnvVar(entry));
      warnings.push(
        `env ${entry.name} is kept as a plain environment variable and not translated: ` +
          'agentgateway exports only traces over otlp from this config, not metrics or logs',
      );
      return;
    }
    // An earlier occurrence of a repeated name never reaches the container.
    if (last.get(entry.name) !== i) return;
    if (fromEnv.has(slot.field)) kept.push(cleanEnvVar(entry));
    else literal.set(entry.name, entry.value ?? '');
  });

  const pick = (field: Field): { readonly name: string; readonly value: string } | undefined => {
    for (const name of [`${PREFIX}TRACES_${field}`, `${PREFIX}${field}`]) {
      const value = literal.get(name);
      if (value !== undefined && value !== '') return { name, value };
    }
    return undefined;
  };

  const endpoint = pick('ENDPOINT');
  const protocol = pick('PROTOCOL');
  const headerVar = pick('HEADERS');
  const endpointFromSecret = fromEnv.has('ENDPOINT');

  if (!endpoint && !endpointFromSecret) {
    // The operator drops these silently; say so, because the user clearly wanted tracing.
    for (const orphan of [protocol, headerVar]) {
      if (orphan) {
        warnings.push(
          `env ${orphan.name} is dropped because no tracing endpoint is set at build time; ` + `set ${ENDPOINT_VARS} to enable tracing`,
        );
      }
    }
    return { env: kept, warnings: dedupe(warnings) };
  }
  if (endpointFromSecret) {
    warnings.push(
      `the tracing endpoint comes from a Secret (valueFrom), which the proxy reads at start, so the gateway's NetworkPolicy ` +
        `cannot allow the collector; an endpoint is not a credential: set ${ENDPOINT_VARS} as a value, and keep only headers in the Secret`,
    );
  }

  let otlpProtocol: string | undefined;
  if (protocol) {
    otlpProtocol = mapProtocol(protocol.value);
    if (protocol.value === 'http/json') {
      warnings.push(
        `env ${protocol.name} asks for http/json, which agentgateway does not export (it speaks grpc and http/protobuf); ` +
          'traces are sent as http/protobuf: set http/protobuf to say so, or grpc',
      );
    } else if (!KNOWN_PROTOCOLS.includes(protocol.value)) {
      warnings.push(
        `env ${protocol.name} has unknown otlp protocol "${protocol.value}" ` +
          `(allowed: ${KNOWN_PROTOCOLS.join(', ')}); emitted as otlpProtocol "${otlpProtocol}"`,
      );
    }
  } else if (!fromEnv.has('PROTOCOL')) {
    // The endpoint URL is not echoed: it may carry userinfo credentials.
    warnings.push(
      `${endpoint ? `env ${endpoint.name} sets` : 'the Secret sets'} a tracing endpoint but no protocol is given: agentgateway then assumes grpc ` +
        `while the opentelemetry default is http/protobuf; set ${PREFIX}PROTOCOL (${KNOWN_PROTOCOLS.join(', ')})`,
    );
  }

  let headers: Record<string, string> | undefined;
  if (headerVar) {
    const parsed = parseOtelHeaders(headerVar.value);
    for (const problem of parsed.invalid) {
      warnings.push(`env ${headerVar.name}: ${problem}`);
    }
    if (Object.keys(parsed.headers).length > 0) headers = parsed.headers;
    // Named by key only: the value is the credential.
    for (const [key, value] of Object.entries(parsed.headers)) {
      if (CREDENTIAL_HEADER.test(key) || CREDENTIAL_VALUE.test(value)) {
        warnings.push(
          `env ${headerVar.name}: header "${key}" looks like a credential, and an inline value ends up in git and in the ` +
            `AgentgatewayParameters; put ${headerVar.name} in a Secret and reference it with valueFrom.secretKeyRef (the proxy reads it at start)`,
        );
      }
    }
  }

  const tracing: OtelTracing = {
    ...(endpoint ? { otlpEndpoint: endpoint.value } : {}),
    ...(otlpProtocol !== undefined ? { otlpProtocol } : {}),
    ...(headers !== undefined ? { headers } : {}),
  };
  return { env: kept, tracing, warnings: dedupe(warnings) };
}

/** The operator's mapping onto agentgateway's two transports; anything else passes through raw. */
function mapProtocol(raw: string): string {
  if (raw.startsWith('grpc')) return 'grpc';
  if (raw.startsWith('http')) return 'http';
  return raw;
}

/**
 * Parses an OTEL_EXPORTER_OTLP_*HEADERS value.
 *
 * A JSON object of strings is taken as is (the operator's extension). Otherwise the OTel format:
 * comma-separated `key=value`, split at the first `=`, key trimmed, value percent-decoded then trimmed;
 * empty fragments are ignored and the last duplicate key wins. Entries that are not valid headers are
 * skipped; each entry of `invalid` describes one problem by position or key only, never by value, so
 * it is safe to print.
 */
export function parseOtelHeaders(raw: string): {
  readonly headers: Record<string, string>;
  readonly invalid: readonly string[];
} {
  const headers = new Map<string, string>();
  const invalid: string[] = [];

  const json = parseJsonStringMap(raw);
  if (json) {
    json.forEach(([key, value], i) => {
      const position = `json entry ${i + 1}`;
      if (!HEADER_NAME.test(key)) {
        invalid.push(`${position} skipped: key is not a valid http header name`);
      } else if (HEADER_VALUE_FORBIDDEN.test(value)) {
        invalid.push(`${position} (key "${key}") skipped: value contains a control character`);
      } else {
        headers.set(key, value);
      }
    });
    // `Object.fromEntries` defines own properties, so a `__proto__` header survives as a plain key.
    return { headers: Object.fromEntries(headers), invalid };
  }

  if (raw.trimStart().startsWith('{')) {
    invalid.push('value starts with "{" but is not a json object of string values, so it is read as key=value pairs');
  }

  raw.split(',').forEach((fragment, i) => {
    if (fragment.trim() === '') return;
    const position = `header fragment ${i + 1}`;
    const eq = fragment.indexOf('=');
    // Key-less or malformed fragments are named by position only: a common mistake is
    // `Authorization: Bearer <token>`, where the whole fragment is the credential.
    if (eq < 0) {
      invalid.push(`${position} skipped: no "=" between key and value`);
      return;
    }
    const key = fragment.slice(0, eq).trim();
    if (key === '') {
      invalid.push(`${position} skipped: empty key`);
      return;
    }
    if (!HEADER_NAME.test(key)) {
      invalid.push(`${position} skipped: key is not a valid http header name`);
      return;
    }
    let value: string;
    try {
      value = decodeURIComponent(fragment.slice(eq + 1)).trim();
    } catch {
      invalid.push(`${position} (key "${key}") skipped: malformed percent-encoding in the value`);
      return;
    }
    if (HEADER_VALUE_FORBIDDEN.test(value)) {
      invalid.push(`${position} (key "${key}") skipped: value contains a control character`);
      return;
    }
    headers.set(key, value);
  });

  return { headers: Object.fromEntries(headers), invalid };
}

/**
 * The entries of `raw` when it is a JSON object whose values are all strings, else `undefined`
 * (the operator falls back to the key=value form whenever JSON decoding into a string map fails).
 */
function parseJsonStringMap(raw: string): [string, string][] | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  const entries = Object.entries(parsed);
  if (!entries.every(([, v]) => typeof v === 'string')) return undefined;
  return entries as [string, string][];
}
