/**
 * Derives the JSON schemas that the offline validation gate checks emitted manifests against.
 *
 *   node --import tsx scripts/derive-schemas.ts [crdsDir]     (crdsDir defaults to ../shared/crds)
 *
 * Writes one file per API group into imports/schemas/. The files are generated and committed; never edit
 * them by hand. Output is deterministic: sorted keys, no timestamps, source paths relative to their root.
 *
 * Two sources:
 * - The pinned CRDs (Gateway API standard channel, agentgateway, agentic-layer): every served version's
 *   `openAPIV3Schema` is kept verbatim except that `description` keywords are dropped. CEL rules, defaults and
 *   the `x-kubernetes-*` markers stay, because later steps evaluate and apply them.
 * - Core kinds (Deployment, Service, ...): nothing offline ships Kubernetes' OpenAPI document, so the schemas
 *   are derived from the type declarations of `kubernetes-models` (field names, required fields, enums,
 *   maps, lists, int-or-string) and its precompiled validators, which are probed to tell integer fields
 *   (and their int32/int64 format) from plain numbers. `.d.ts` files only say `number`.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';
import { parseAllDocuments } from 'yaml';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** One served (apiVersion, kind) as written to imports/schemas/<group>.json. */
interface KindEntry {
  apiVersion: string;
  kind: string;
  scope: 'Namespaced' | 'Cluster';
  schema: JsonObject;
}

/** The parts of a CustomResourceDefinition this script reads. */
interface Crd {
  readonly kind?: unknown;
  readonly spec: {
    readonly group: string;
    readonly scope: 'Namespaced' | 'Cluster';
    readonly names: { readonly kind: string };
    readonly versions?: readonly {
      readonly name: string;
      readonly served?: boolean;
      readonly schema?: { readonly openAPIV3Schema?: Json };
    }[];
  };
}

interface Source {
  file: string;
  sha256: string;
}

interface GroupFile {
  group: string;
  /** npm packages (name@version) the group's schemas were derived from, if any. */
  packages: string[];
  sources: Source[];
  kinds: Map<string, KindEntry>;
}

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(repoRoot, 'imports', 'schemas');

/** The CRD folders we validate against; experimental Gateway API is deliberately left out. */
const CRD_DIRS = ['gateway-api/standard', 'agentgateway', 'agentic-layer'];

/**
 * Core kinds the compiler may emit, with their scope (kubernetes-models does not record scope).
 * `module` is the path of the model inside the kubernetes-models package.
 */
const CORE_KINDS: ReadonlyArray<{ module: string; scope: 'Namespaced' | 'Cluster' }> = [
  { module: 'v1/ConfigMap', scope: 'Namespaced' },
  { module: 'v1/Namespace', scope: 'Cluster' },
  { module: 'v1/Secret', scope: 'Namespaced' },
  { module: 'v1/Service', scope: 'Namespaced' },
  { module: 'v1/ServiceAccount', scope: 'Namespaced' },
  { module: 'apps/v1/Deployment', scope: 'Namespaced' },
  { module: 'networking.k8s.io/v1/NetworkPolicy', scope: 'Namespaced' },
  { module: 'policy/v1/PodDisruptionBudget', scope: 'Namespaced' },
  { module: 'rbac.authorization.k8s.io/v1/Role', scope: 'Namespaced' },
  { module: 'rbac.authorization.k8s.io/v1/RoleBinding', scope: 'Namespaced' },
  { module: 'rbac.authorization.k8s.io/v1/ClusterRole', scope: 'Cluster' },
  { module: 'rbac.authorization.k8s.io/v1/ClusterRoleBinding', scope: 'Cluster' },
  { module: 'apiextensions.k8s.io/v1/CustomResourceDefinition', scope: 'Cluster' },
];

/** Same regex the Kubernetes OpenAPI uses for resource.Quantity in CRDs. */
const QUANTITY_PATTERN =
  '^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$';

function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

// ---------------------------------------------------------------------------------------------------------
// CRDs

/** Keywords whose value is a schema, a list of schemas, or a map of name -> schema. */
const SCHEMA_KEYWORDS = new Set(['items', 'additionalProperties', 'not']);
const SCHEMA_LIST_KEYWORDS = new Set(['allOf', 'anyOf', 'oneOf']);
const SCHEMA_MAP_KEYWORDS = new Set(['properties', 'patternProperties', 'definitions', '$defs']);

/**
 * Copies a schema without `description` keywords. Only schema positions are walked, so a *field* called
 * `description` (a key of `properties`) and data values (`default`, `enum`, `example`) are kept intact.
 */
function stripDescriptions(schema: Json): Json {
  if (schema === null || typeof schema !== 'object') return schema;
  if (Array.isArray(schema)) return schema.map(stripDescriptions);
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'description') continue;
    if (SCHEMA_KEYWORDS.has(key)) out[key] = stripDescriptions(value);
    else if (SCHEMA_LIST_KEYWORDS.has(key) && Array.isArray(value)) out[key] = value.map(stripDescriptions);
    else if (SCHEMA_MAP_KEYWORDS.has(key) && value && typeof value === 'object' && !Array.isArray(value)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, stripDescriptions(v)]));
    } else out[key] = value;
  }
  return out;
}

function readCrds(crdsDir: string, groups: Map<string, GroupFile>): void {
  for (const dir of CRD_DIRS) {
    const abs = path.join(crdsDir, dir);
    if (!existsSync(abs)) throw new Error(`derive-schemas: CRD folder not found: ${abs}`);
    const files = readdirSync(abs)
      .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
      .sort();
    for (const file of files) {
      const text = readFileSync(path.join(abs, file));
      const rel = `${dir}/${file}`;
      for (const doc of parseAllDocuments(text.toString('utf8'))) {
        const [error] = doc.errors;
        if (error) throw new Error(`derive-schemas: ${rel}: ${error.message}`);
        const crd = doc.toJS() as Crd | null;
        if (!crd || crd.kind !== 'CustomResourceDefinition') continue;
        const spec = crd.spec;
        const group = groupFile(groups, spec.group);
        if (!group.sources.some((s) => s.file === rel)) group.sources.push({ file: rel, sha256: sha256(text) });
        for (const version of spec.versions ?? []) {
          // Versions with served=false (e.g. BackendTLSPolicy v1alpha3) cannot be applied, so they get no entry.
          if (!version.served) continue;
          const apiVersion = `${spec.group}/${version.name}`;
          const schema = version.schema?.openAPIV3Schema;
          if (!schema) throw new Error(`derive-schemas: ${rel}: ${apiVersion} has no openAPIV3Schema`);
          group.kinds.set(`${apiVersion}/${spec.names.kind}`, {
            apiVersion,
            kind: spec.names.kind,
            scope: spec.scope,
            schema: stripDescriptions(schema) as JsonObject,
          });
        }
      }
    }
  }
}

function groupFile(groups: Map<string, GroupFile>, group: string): GroupFile {
  let g = groups.get(group);
  if (!g) {
    g = { group, packages: [], sources: [], kinds: new Map() };
    groups.set(group, g);
  }
  return g;
}

// ---------------------------------------------------------------------------------------------------------
// Core kinds from kubernetes-models

/** A validator precompiled by kubernetes-models (ajv standalone code): ajv-style errors on `.errors`. */
type CompiledValidator = ((data: unknown) => boolean) & {
  errors?: Array<{ instancePath: string; keyword: string; params: Record<string, unknown> }> | null;
};

interface NamedInterface {
  /** The interface as declared, e.g. IServicePort. */
  interfaceName: string;
  /** kubernetes-models' long name, e.g. IoK8sApiCoreV1ServicePort; used as the `$defs` key. */
  longName: string;
  /** Folder of the package that declares it (holds `_schemas/<longName>.js`). */
  packageDir: string;
}

class CoreSchemaBuilder {
  private readonly checker: ts.TypeChecker;
  private readonly program: ts.Program;
  /** Every `.d.ts` whose declarations ended up in the last kind's schema, for the header. */
  readonly usedFiles = new Set<string>();
  private defs: Map<string, JsonObject> = new Map();
  private readonly numberSlots: Array<{ owner: NamedInterface; prop: string; schema: JsonObject }> = [];

  constructor(
    private readonly modelsDir: string,
    entryFiles: string[],
  ) {
    this.program = ts.createProgram(entryFiles, {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      noEmit: true,
      skipLibCheck: true,
      strict: false,
      types: [],
    });
    this.checker = this.program.getTypeChecker();
  }

  /** Builds the schema of one kind: the root object inline, every named type it uses under `$defs`. */
  async kindSchema(file: string): Promise<{ apiVersion: string; kind: string; schema: JsonObject }> {
    const sf = this.program.getSourceFile(file);
    if (!sf) throw new Error(`derive-schemas: cannot load ${file}`);
    const named = this.namedInterface(sf);
    const decl = sf.statements.find(
      (s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === named.interfaceName,
    );
    if (!decl) throw new Error(`derive-schemas: no interface in ${file}`);
    this.defs = new Map();
    this.usedFiles.clear();
    this.usedFiles.add(file);
    const root = this.objectSchema(this.checker.getTypeAtLocation(decl.name), named);
    await this.resolveNumbers();
    const props = root.properties as Record<string, JsonObject | undefined>;
    // A kind's apiVersion and kind fields are declared as one-value string literal types.
    const only = (field: string): string => {
      const values = props[field]?.enum;
      const [value] = Array.isArray(values) ? values : [];
      if (typeof value !== 'string') throw new Error(`derive-schemas: ${file}: ${field} is not a single string literal`);
      return value;
    };
    const apiVersion = only('apiVersion');
    const kind = only('kind');
    const schema: JsonObject = { ...root };
    if (this.defs.size > 0) schema.$defs = Object.fromEntries(this.defs);
    return { apiVersion, kind, schema };
  }

  private namedInterface(sf: ts.SourceFile): NamedInterface {
    // Every model file ends with `export type { IFoo as IIoK8s...Foo, Foo as IoK8s...Foo };`.
    const m = /export type \{ (I\w+) as I(\w+),/.exec(sf.text);
    const [, interfaceName = '', longName = ''] = m ?? [];
    if (!interfaceName || !longName) throw new Error(`derive-schemas: no long type name in ${sf.fileName}`);
    const rel = toPosix(path.relative(path.dirname(this.modelsDir), sf.fileName));
    // node_modules/kubernetes-models/... or node_modules/@kubernetes-models/apimachinery/...
    const pkgParts = rel.startsWith('@') ? 2 : 1;
    this.usedFiles.add(sf.fileName);
    return {
      interfaceName,
      longName,
      packageDir: path.join(path.dirname(this.modelsDir), ...rel.split('/').slice(0, pkgParts)),
    };
  }

  private objectSchema(type: ts.Type, owner: NamedInterface): JsonObject {
    const properties: Record<string, JsonObject> = {};
    const required: string[] = [];
    for (const sym of this.checker.getPropertiesOfType(type)) {
      const decl = sym.valueDeclaration ?? sym.declarations?.[0];
      if (!decl) continue;
      const propType = this.checker.getNonNullableType(this.checker.getTypeOfSymbolAtLocation(sym, decl));
      const schema = this.convert(propType);
      properties[sym.name] = schema;
      if (!(sym.flags & ts.SymbolFlags.Optional)) required.push(sym.name);
      if (containsNumber(schema)) this.numberSlots.push({ owner, prop: sym.name, schema });
    }
    const out: JsonObject = { type: 'object', properties };
    if (required.length > 0) out.required = required.sort();
    return out;
  }

  private convert(type: ts.Type): JsonObject {
    const alias = type.aliasSymbol?.name;
    // Aliases kubernetes-models uses for apimachinery's special string types.
    if (alias === 'IIntOrString') return { 'x-kubernetes-int-or-string': true };
    // Go's resource.Quantity also decodes JSON numbers with a fraction (`cpu: 0.5`), unlike a CRD's
    // int-or-string quantity; the pattern only applies to strings.
    if (alias === 'IQuantity') return { type: ['number', 'string'], pattern: QUANTITY_PATTERN };
    if (alias === 'ITime' || alias === 'IMicroTime') return { type: 'string', format: 'date-time' };

    const f = type.flags;
    if (f & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return { 'x-kubernetes-preserve-unknown-fields': true };
    if (f & ts.TypeFlags.String) return { type: 'string' };
    if (f & ts.TypeFlags.Number) return { type: 'number' };
    if (f & ts.TypeFlags.BooleanLike) return { type: 'boolean' };
    if (f & ts.TypeFlags.StringLiteral) return { type: 'string', enum: [(type as ts.StringLiteralType).value] };
    if (type.isUnion()) {
      const members = type.types.filter((t) => !(t.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null)));
      if (members.every((t) => t.flags & ts.TypeFlags.StringLiteral)) {
        return { type: 'string', enum: members.map((t) => (t as ts.StringLiteralType).value).sort() };
      }
      if (members.every((t) => t.flags & ts.TypeFlags.BooleanLiteral)) return { type: 'boolean' };
      if (
        members.length === 2 &&
        members.some((t) => t.flags & ts.TypeFlags.String) &&
        members.some((t) => t.flags & ts.TypeFlags.Number)
      ) {
        return { 'x-kubernetes-int-or-string': true };
      }
      throw new Error(`derive-schemas: unsupported union ${this.checker.typeToString(type)}`);
    }
    if (this.checker.isArrayType(type)) {
      const [item] = this.checker.getTypeArguments(type as ts.TypeReference);
      if (!item) throw new Error(`derive-schemas: array type without an element type: ${this.checker.typeToString(type)}`);
      return { type: 'array', items: this.convert(item) };
    }
    if (f & ts.TypeFlags.Object) {
      const index = this.checker.getIndexInfosOfType(type).find((i) => i.keyType.flags & ts.TypeFlags.String);
      const props = this.checker.getPropertiesOfType(type);
      if (index && props.length === 0) return { type: 'object', additionalProperties: this.convert(index.type) };
      // Declared non-optional, but a type need not have a symbol.
      const decl = (type.symbol as ts.Symbol | undefined)?.declarations?.[0];
      if (props.length === 0) {
        // Empty interfaces are apimachinery's free-form JSON (RawExtension, FieldsV1, apiextensions JSON).
        return { 'x-kubernetes-preserve-unknown-fields': true };
      }
      if (decl && ts.isInterfaceDeclaration(decl)) {
        const named = this.namedInterface(decl.getSourceFile());
        if (!this.defs.has(named.longName)) {
          this.defs.set(named.longName, {}); // placeholder first: JSONSchemaProps refers to itself
          this.defs.set(named.longName, this.objectSchema(type, named));
        }
        return { $ref: `#/$defs/${named.longName}` };
      }
    }
    throw new Error(`derive-schemas: unsupported type ${this.checker.typeToString(type)}`);
  }

  /**
   * `.d.ts` files say `number` for int32, int64 and double alike. The package's precompiled validator for the
   * owning type knows: feed it 0.5 and a value past int32 and read the errors at that field.
   */
  private async resolveNumbers(): Promise<void> {
    const slots = this.numberSlots.splice(0);
    for (const { owner, prop, schema } of slots) {
      const validate = await loadValidator(owner);
      const at = `/${prop}`;
      const errorsFor = (value: number): Array<{ keyword: string; params: Record<string, unknown> }> => {
        validate({ [prop]: probeValue(schema, value) });
        return (validate.errors ?? []).filter((e) => e.instancePath === at || e.instancePath.startsWith(`${at}/`));
      };
      const integer = errorsFor(0.5).some((e) => e.keyword === 'type' && e.params.type === 'integer');
      // Kubernetes integers are int32 or int64. The package's int64 check only asks Number.isInteger, so an
      // integer that passes the int32 probe is int64.
      const format = integer
        ? errorsFor(3e9).some((e) => e.keyword === 'format' && e.params.format === 'int32')
          ? 'int32'
          : 'int64'
        : undefined;
      setNumberType(schema, integer ? 'integer' : 'number', format);
    }
  }
}

const validatorCache = new Map<string, CompiledValidator>();

async function loadValidator(owner: NamedInterface): Promise<CompiledValidator> {
  const file = path.join(owner.packageDir, '_schemas', `${owner.longName}.js`);
  let v = validatorCache.get(file);
  if (!v) {
    const mod = (await import(pathToFileURL(file).href)) as { validate: CompiledValidator };
    v = mod.validate;
    validatorCache.set(file, v);
  }
  return v;
}

function containsNumber(schema: JsonObject): boolean {
  if (schema.type === 'number') return true;
  if (schema.type === 'array') return containsNumber(schema.items as JsonObject);
  if (schema.type === 'object' && schema.additionalProperties && typeof schema.additionalProperties === 'object') {
    return containsNumber(schema.additionalProperties as JsonObject);
  }
  return false;
}

/** A value shaped like `schema` (number, list of numbers, map of numbers) carrying `n` at the number slot. */
function probeValue(schema: JsonObject, n: number): unknown {
  if (schema.type === 'array') return [probeValue(schema.items as JsonObject, n)];
  if (schema.type === 'object') return { probe: probeValue(schema.additionalProperties as JsonObject, n) };
  return n;
}

function setNumberType(schema: JsonObject, type: string, format: string | undefined): void {
  if (schema.type === 'array') {
    setNumberType(schema.items as JsonObject, type, format);
    return;
  }
  if (schema.type === 'object') {
    setNumberType(schema.additionalProperties as JsonObject, type, format);
    return;
  }
  schema.type = type;
  if (format) schema.format = format;
}

async function readCoreKinds(groups: Map<string, GroupFile>): Promise<void> {
  const modelsDir = path.join(repoRoot, 'node_modules', 'kubernetes-models');
  if (!existsSync(modelsDir)) throw new Error('derive-schemas: kubernetes-models is not installed (npm ci)');
  const pkgVersion = (dir: string): string =>
    (JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string }).version;
  const entries = CORE_KINDS.map((k) => ({ ...k, file: path.join(modelsDir, `${k.module}.d.ts`) }));
  const builder = new CoreSchemaBuilder(
    modelsDir,
    entries.map((k) => k.file),
  );
  const groupFiles = new Map<GroupFile, Set<string>>();
  for (const k of entries) {
    const { apiVersion, kind, schema } = await builder.kindSchema(k.file);
    const groupName = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : 'core';
    const group = groupFile(groups, groupName);
    group.kinds.set(`${apiVersion}/${kind}`, { apiVersion, kind, scope: k.scope, schema });
    const used = groupFiles.get(group) ?? new Set<string>();
    for (const f of builder.usedFiles) used.add(f);
    groupFiles.set(group, used);
  }
  // Name the packages (with versions) and every declaration file each group's schemas came from.
  const nodeModules = path.join(repoRoot, 'node_modules');
  for (const [group, files] of groupFiles) {
    const pkgs = new Set<string>();
    for (const f of [...files].sort()) {
      const rel = toPosix(path.relative(nodeModules, f));
      const pkg = rel
        .split('/')
        .slice(0, rel.startsWith('@') ? 2 : 1)
        .join('/');
      pkgs.add(`${pkg}@${pkgVersion(path.join(nodeModules, pkg))}`);
      group.sources.push({ file: `node_modules/${rel}`, sha256: sha256(readFileSync(f)) });
    }
    group.packages.push(...[...pkgs].sort());
  }
}

// ---------------------------------------------------------------------------------------------------------
// Output

function sortKeys(value: Json): Json {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const out: JsonObject = {};
  for (const [key, v] of Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1))) out[key] = sortKeys(v);
  return out;
}

/**
 * Header fields first, then one line per kind: the file stays compact but a diff still shows which kind
 * changed.
 */
function render(g: GroupFile): string {
  const header: string[] = [
    `  "generatedBy": ${JSON.stringify('scripts/derive-schemas.ts (npm run import); do not edit by hand')},`,
    `  "group": ${JSON.stringify(g.group)},`,
  ];
  if (g.packages.length > 0) header.push(`  "packages": ${JSON.stringify(g.packages)},`);
  header.push(`  "sources": [\n${g.sources.map((s) => `    ${JSON.stringify(s)}`).join(',\n')}\n  ],`);
  const keys = [...g.kinds.keys()].sort();
  const kinds = keys.map((k) => `    ${JSON.stringify(k)}: ${JSON.stringify(sortKeys(g.kinds.get(k) as unknown as Json))}`);
  return `{\n${header.join('\n')}\n  "kinds": {\n${kinds.join(',\n')}\n  }\n}\n`;
}

async function main(): Promise<void> {
  const crdsDir = path.resolve(process.argv[2] ?? path.join(repoRoot, '..', 'shared', 'crds'));
  const groups = new Map<string, GroupFile>();
  readCrds(crdsDir, groups);
  await readCoreKinds(groups);

  mkdirSync(outDir, { recursive: true });
  // Start clean so a group that disappears from the sources does not linger.
  for (const f of readdirSync(outDir)) if (f.endsWith('.json')) rmSync(path.join(outDir, f));
  for (const g of [...groups.values()].sort((a, b) => (a.group < b.group ? -1 : 1))) {
    g.sources.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
    const text = render(g);
    writeFileSync(path.join(outDir, `${g.group}.json`), text);
    console.log(`imports/schemas/${g.group}.json  ${g.kinds.size} kinds  ${(text.length / 1024).toFixed(0)} KiB`);
  }
}

await main();
