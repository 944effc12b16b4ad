import type { ErrorObject, ValidateFunction } from 'ajv';
import { sharedAjv } from './ajv-instance.js';
import type { JsonSchema } from '../contracts/json.js';
import type { PrecompiledValidators } from './precompiled-validators.js';
import { isSchemaNode } from './schema-ref.js';

type Mutable = { [keyword: string]: unknown };

/**
 * Part of a schema compiled on its own, only once an object actually has data there. The agentgateway
 * backend schema is ~200 KB even without descriptions (ai providers, every policy kind); compiling it whole
 * takes ~0.3 s, while an MCP backend only ever touches `spec.mcp`. Large property, item and map-value
 * subtrees become child chunks, and the parent sees `true` in their place. For core kinds every named type
 * (`$ref` into `$defs`) is a chunk of its own, compiled once however often it is used.
 */
export interface SchemaChunk {
  /** Where the chunk sits in the schema; prefixed to ajv's schemaPath so paths stay unique across chunks. */
  readonly id: string;
  schema: Mutable;
  validate?: ValidateFunction;
  readonly props: Map<string, SchemaChunk>;
  items?: SchemaChunk;
  values?: SchemaChunk;
  /** Where a validator generated at build time may be found, before ajv compiles one. */
  readonly precompiled?: PrecompiledValidators;
  /**
   * The subtree the chunk stands for while it is not cut yet: a chunk is cut (its schema, and
   * which of its children are chunks) only once data reaches it, so a run pays for the parts of
   * a large schema its objects use.
   */
  pending?: { readonly node: JsonSchema; readonly builder: ChunkBuilder };
}

/**
 * Subtrees larger than this (in JSON characters) get their own chunk. Each compile has a fixed cost; 2000 to
 * 4000 measured best on the benchmark (bench/validate.bench.ts).
 */
const CHUNK_CHARS = 3000;

/**
 * Cuts a prepared kind schema into chunks; `id` (the kind's name) prefixes every chunk id. Each
 * chunk takes its validator from `precompiled` when that has one for exactly its schema.
 */
export function chunkSchema(schema: JsonSchema, id: string, precompiled?: PrecompiledValidators): SchemaChunk {
  return toChunk(schema, id, new ChunkBuilder(isSchemaNode(schema.$defs) ? schema.$defs : undefined, precompiled));
}

/** `c`, cut now if it was not yet. */
function filled(c: SchemaChunk): SchemaChunk {
  const pending = c.pending;
  if (pending) {
    c.pending = undefined;
    fillChunk(c, pending.node, pending.builder);
  }
  return c;
}

/** Every chunk of the tree under `root`, each once, in a fixed order (depth first, as declared). */
export function allChunks(root: SchemaChunk): SchemaChunk[] {
  const seen = new Set<SchemaChunk>();
  const visit = (c: SchemaChunk | undefined): void => {
    if (!c || seen.has(c)) return;
    seen.add(filled(c));
    for (const child of c.props.values()) visit(child);
    visit(c.items);
    visit(c.values);
  };
  visit(root);
  return [...seen];
}

/**
 * Runs a chunk and, below it, the child chunks the data reaches, compiling each on first use. Errors are
 * appended to `out` with instance paths from the object's root (`pointer` is where `data` sits).
 */
export function runChunk(c: SchemaChunk, data: unknown, pointer: string, out: ErrorObject[]): void {
  filled(c);
  c.validate ??= c.precompiled?.validator(c.schema) ?? sharedAjv().compile(c.schema);
  // instancePath makes ajv report full paths from inside a chunk; the rest is only read by $data and
  // useDefaults, which are not used.
  const cxt = { instancePath: pointer, parentData: {}, parentDataProperty: '', rootData: {}, dynamicAnchors: {} };
  if (!c.validate(data, cxt)) for (const e of c.validate.errors ?? []) out.push({ ...e, schemaPath: `${c.id}${e.schemaPath}` });
  // Most chunks are leaves: then nothing below the data can reach another chunk.
  if (c.props.size === 0 && !c.items && !c.values) return;
  if (Array.isArray(data)) {
    const items = c.items;
    if (items) data.forEach((v, i) => runChunk(items, v, `${pointer}/${i}`, out));
    return;
  }
  if (!isSchemaNode(data)) return;
  const declared = isSchemaNode(c.schema.properties) ? c.schema.properties : {};
  for (const name of Object.keys(data)) {
    const child = c.props.get(name) ?? (c.values && !Object.hasOwn(declared, name) ? c.values : undefined);
    const v = data[name];
    if (child && v !== undefined) runChunk(child, v, `${pointer}/${pointerToken(name)}`, out);
  }
}

/** A field name as a JSON pointer token (RFC 6901); nearly every name has nothing to escape. */
function pointerToken(name: string): string {
  return name.includes('~') || name.includes('/') ? name.replace(/~/g, '~0').replace(/\//g, '~1') : name;
}

/** Builds the chunk tree of one kind; each `$defs` type becomes one chunk, shared by every reference. */
class ChunkBuilder {
  private readonly defChunks = new Map<string, SchemaChunk>();
  constructor(
    readonly defs: JsonSchema | undefined,
    readonly precompiled: PrecompiledValidators | undefined,
  ) {}

  /** The chunk for `sub` if it is a reference or too large to compile with its parent. */
  split(sub: unknown, id: string): SchemaChunk | undefined {
    if (!isSchemaNode(sub)) return undefined;
    const ref = sub.$ref;
    if (typeof ref === 'string' && ref.startsWith('#/$defs/') && Object.keys(sub).length === 1) {
      const name = ref.slice('#/$defs/'.length);
      const target = this.defs?.[name];
      if (!isSchemaNode(target)) return undefined;
      let c = this.defChunks.get(name);
      if (!c) {
        // One chunk however many references reach it (JSONSchemaProps in the CRD kind contains itself).
        c = { ...emptyChunk(name, this.precompiled), pending: { node: target, builder: this } };
        this.defChunks.set(name, c);
      }
      return c;
    }
    // A subtree that holds a reference is cut too, so that the reference ends up as its own chunk instead
    // of pulling every type it reaches into this compile.
    const text = JSON.stringify(sub);
    if (text.length <= CHUNK_CHARS && !text.includes('"$ref"')) return undefined;
    return { ...emptyChunk(id, this.precompiled), pending: { node: sub, builder: this } };
  }
}

function emptyChunk(id: string, precompiled: PrecompiledValidators | undefined): SchemaChunk {
  return { id, schema: {}, props: new Map(), precompiled };
}

function toChunk(node: JsonSchema, id: string, builder: ChunkBuilder): SchemaChunk {
  const c = emptyChunk(id, builder.precompiled);
  fillChunk(c, node, builder);
  return c;
}

function fillChunk(c: SchemaChunk, node: JsonSchema, builder: ChunkBuilder): void {
  const schema: Mutable = { ...node };
  delete schema.$defs;
  if (isSchemaNode(node.properties)) {
    const shallow: Mutable = {};
    for (const [name, sub] of Object.entries(node.properties)) {
      const child = builder.split(sub, `${c.id}.${name}`);
      if (child) c.props.set(name, child);
      shallow[name] = child ? true : sub;
    }
    schema.properties = shallow;
  }
  c.items = builder.split(node.items, `${c.id}[]`);
  if (c.items) schema.items = true;
  c.values = builder.split(node.additionalProperties, `${c.id}{}`);
  if (c.values) schema.additionalProperties = true;
  // A reference left in a place that is not cut (e.g. inside anyOf) still needs its definitions.
  if (builder.defs && JSON.stringify(schema).includes('"$ref"')) schema.$defs = builder.defs;
  c.schema = schema;
}
