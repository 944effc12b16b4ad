/** Which front door the intent came through, so a message can say how to do something in it. */
export type FrontDoor = 'yaml' | 'typescript';

const YAML = (kind: string) =>
  `add the owner's ${kind} document annotated cdk8s-tool-gateway/imported: "true" (or pass its folder with --import)`;

const TYPESCRIPT: Readonly<Record<string, string>> = {
  ToolGateway: 'ToolGateway.fromName(scope, id, name, namespace)',
  ToolServer: 'ToolServer.fromName(scope, id, name, namespace, { port, path, transport, allowedNamespaces })',
};

/**
 * What to do when a reference names an object missing from the input: define it, or import it
 * from the pipeline that owns it, in the words of the front door (both, when it is unknown).
 */
export function importHint(kind: 'ToolGateway' | 'ToolServer' | 'Guard', door: FrontDoor | undefined): string {
  const ts = TYPESCRIPT[kind];
  // A Guard has no fromName: the TypeScript door cannot import one yet.
  const typescript = ts
    ? `import it with ${ts}`
    : `define it in this app (a ${kind} of another pipeline can be imported only in YAML for now)`;
  if (door === 'yaml') return `define it, or if another pipeline owns it, ${YAML(kind)}`;
  if (door === 'typescript') return ts ? `define it, or if another pipeline owns it, ${typescript}` : typescript;
  return `define it, or if another pipeline owns it, import it: in YAML, ${YAML(kind)}; in TypeScript, ${typescript}`;
}
