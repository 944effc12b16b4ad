import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

type Node = Record<string, any>;

/**
 * What the reconciler container runs, moved onto this machine: the files of the bundle ConfigMap
 * (its `binaryData` decoded, its `data` as text) are written where the Deployment mounts them, the
 * emptyDir becomes an empty folder, and every mount path in the container's command is rewritten
 * to its folder under `root`. Returns the command's arguments after `node`, so the caller runs
 * them with this process's Node and appends the container's args or its own.
 */
export function containerLaunch(configMap: object, deployment: object, root: string): string[] {
  const pod = (deployment as Node).spec.template.spec;
  const container = pod.containers[0];
  const cm = configMap as Node;
  const moves: [string, string][] = [];
  for (const mount of container.volumeMounts as Node[]) {
    const volume = (pod.volumes as Node[]).find((v) => v.name === mount.name)!;
    const dir = join(root, mount.name as string);
    if (volume.configMap?.name === cm.metadata.name) {
      mkdirSync(dir, { recursive: true });
      for (const [file, b64] of Object.entries<string>(cm.binaryData ?? {})) writeFileSync(join(dir, file), Buffer.from(b64, 'base64'));
      for (const [file, text] of Object.entries<string>(cm.data ?? {})) writeFileSync(join(dir, file), text);
    } else if (volume.emptyDir) mkdirSync(dir, { recursive: true });
    else continue; // the plan: the caller passes its own --plan
    moves.push([`${mount.mountPath}/`, `${dir}/`]);
  }
  const command = container.command as string[];
  if (command[0] !== 'node') throw new Error(`the container runs ${command[0]}, not node`);
  // One pass, so a folder under /tmp is not moved twice when /tmp is itself a mount.
  const to = new Map(moves);
  const pattern = new RegExp([...to.keys()].map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
  return command.slice(1).map((arg) => (to.size === 0 ? arg : arg.replace(pattern, (m) => to.get(m)!)));
}
