import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix } from 'node:path';
import { pathText, plainText } from '../contracts/value-text.js';

/** A path of a git revision's tree, copied into a temporary directory that `dispose` removes. */
export interface GitTree {
  /** The copy of the path: a file or a directory under a temporary directory. */
  readonly path: string;
  /** The temporary directory; paths in messages are shown relative to it, i.e. as in the repository. */
  readonly root: string;
  dispose(): void;
}

function git(args: readonly string[], cwd: string, input?: Buffer): Buffer {
  return execFileSync('git', args, { cwd, input, stdio: ['pipe', 'pipe', 'pipe'], maxBuffer: 1024 * 1024 * 1024 });
}

/** The first line git wrote to stderr, for a one-line message. */
function gitError(e: unknown): string {
  const stderr = (e as { stderr?: Buffer }).stderr?.toString('utf8').trim().split('\n')[0];
  return plainText(stderr || (e instanceof Error ? e.message : String(e)), 200);
}

/** Whether `ref` names a commit of the repository around `cwd`. */
export function isGitRevision(ref: string, cwd: string): boolean {
  if (ref.startsWith('-')) return false;
  try {
    git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], cwd);
    return true;
  } catch {
    return false;
  }
}

/**
 * Copies `path` (relative to `cwd`, as the user wrote it) of revision `ref` out of git's object
 * store, without a checkout and without the network: `git ls-tree` lists the blobs, one `git
 * cat-file --batch` reads them. Only regular files are copied; a symlink or submodule in the path is
 * an error, as the reading rules of a directory input would refuse what it points to. The error is
 * one line.
 */
export function materializeGitTree(ref: string, path: string, cwd: string): GitTree | { error: string } {
  let prefix: string;
  let listing: string;
  try {
    prefix = git(['rev-parse', '--show-prefix'], cwd).toString('utf8').trim();
    const inRepo = posix.normalize(posix.join(prefix, path.split('\\').join('/'))).replace(/\/$/, '');
    if (inRepo.startsWith('..')) return { error: `${pathText(path)} lies outside the git repository` };
    listing = git(['ls-tree', '-r', '-z', '--full-tree', ref, '--', inRepo === '.' ? '' : inRepo], cwd).toString('utf8');
  } catch (e) {
    return { error: `git cannot list ${pathText(`${ref}:${path}`)}: ${gitError(e)}` };
  }
  const entries = listing
    .split('\0')
    .filter(Boolean)
    .map((line) => {
      const [meta = '', file = ''] = line.split('\t');
      const [mode = '', type = '', sha = ''] = meta.split(' ');
      return { mode, type, sha, file };
    });
  if (entries.length === 0) return { error: `${pathText(`${ref}:${path}`)} does not exist in that revision` };
  const odd = entries.find((e) => e.type !== 'blob' || e.mode === '120000');
  if (odd) {
    return {
      error: `${pathText(`${ref}:${odd.file}`)} is ${odd.mode === '120000' ? 'a symlink' : `a ${odd.type}`}; only regular files are read`,
    };
  }
  let batch: Buffer;
  try {
    batch = git(['cat-file', '--batch'], cwd, Buffer.from(entries.map((e) => `${e.sha}\n`).join('')));
  } catch (e) {
    return { error: `git cannot read ${pathText(`${ref}:${path}`)}: ${gitError(e)}` };
  }
  const root = mkdtempSync(join(tmpdir(), 'tool-gateway-diff-'));
  const dispose = (): void => rmSync(root, { recursive: true, force: true });
  try {
    let at = 0;
    for (const e of entries) {
      const headerEnd = batch.indexOf(0x0a, at);
      const size = Number(batch.subarray(at, headerEnd).toString('utf8').split(' ')[2]);
      const content = batch.subarray(headerEnd + 1, headerEnd + 1 + size);
      at = headerEnd + 1 + size + 1;
      const target = join(root, ...e.file.split('/'));
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, content);
    }
  } catch (e) {
    dispose();
    return { error: `cannot copy ${pathText(`${ref}:${path}`)} to a temporary directory: ${gitError(e)}` };
  }
  const inRepo = posix.normalize(posix.join(prefix, path.split('\\').join('/'))).replace(/\/$/, '');
  return { path: inRepo === '.' ? root : join(root, ...inRepo.split('/')), root, dispose };
}
