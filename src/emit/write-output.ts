import { randomBytes } from 'node:crypto';
import * as nodeFs from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { compareStrings } from '../contracts/json.js';
import { fsErrorCode, fsErrorText } from '../contracts/fs-error-text.js';
import { pathText } from '../contracts/value-text.js';
import { GENERATED_HEADER } from './file-layout.js';
import { OutputError } from './output-error.js';

/** What writing `files` to an output directory does, as sorted relative POSIX paths. */
export interface OutputPlan {
  added: string[];
  changed: string[];
  removed: string[];
  unchanged: string[];
}

/**
 * The file-system calls `writeOutput` makes to check, build and swap in the new tree. Reads of the
 * old tree go straight to `node:fs`; this seam exists so tests can make any step that can fail for
 * reasons outside the program (permissions, a full disk, a failed rename) fail.
 */
export interface OutputFs {
  /** Throws when `path` lacks a permission in `mode` (`fs.constants.W_OK` ...). */
  accessSync(path: string, mode: number): void;
  /** Free blocks for an unprivileged user, and the block size. */
  statfsSync(path: string): { bavail: number; bsize: number };
  mkdtempSync(prefix: string): string;
  /** The first directory created, or undefined when all existed. */
  mkdirSync(path: string, options: { recursive: true }): string | undefined;
  writeFileSync(path: string, data: string, options: { mode: number; encoding: 'utf8' }): void;
  chmodSync(path: string, mode: number): void;
  copyFileSync(src: string, dest: string): void;
  symlinkSync(target: string, path: string): void;
  /** Times in seconds, fractional: a Date would round to whole milliseconds. */
  utimesSync(path: string, atime: number, mtime: number): void;
  lutimesSync(path: string, atime: number, mtime: number): void;
  renameSync(oldPath: string, newPath: string): void;
  rmSync(path: string, options: { recursive: true; force: true }): void;
}

/**
 * A file's content, or a function that renders it when it is needed: synth passes functions, so
 * a run into a fresh directory holds one rendered file at a time rather than all of them.
 */
export type FileContent = string | (() => string);

/** Options for `writeOutput`. */
export interface WriteOutputOptions {
  /** Replaces `node:fs` for the checks and mutating steps (tests inject failures here). */
  readonly fs?: OutputFs;
  /**
   * The largest share, in percent, of the previously generated files a write may delete. More
   * is refused (an empty or mistyped input would otherwise wipe the output). @default 50
   */
  readonly maxPrune?: number;
  /** Deletes any number of previously generated files. @default false */
  readonly pruneOk?: boolean;
}

/** The default of `WriteOutputOptions.maxPrune`. */
export const DEFAULT_MAX_PRUNE = 50;

/** How many paths a refusal lists before "and N more". */
const LISTED = 5;

const FILE_MODE = 0o644;

/**
 * Naming the encoding sends a string through Node's native write (open, write, close in one call)
 * instead of a Buffer copy and three calls from JavaScript; without it, the defaults are not merged in.
 */
const WRITE_OPTIONS = { mode: FILE_MODE, encoding: 'utf8' } as const;
const DIR_MODE = 0o755;

type EntryKind = 'file' | 'symlink' | 'dir' | 'other';

interface DiskEntry {
  readonly kind: EntryKind;
  readonly abs: string;
  /** Whether the entry is ours, once `isOwned` has read its first line. */
  owned?: boolean;
}

/**
 * A `*.yaml` file whose first line is `GENERATED_HEADER`: ours to change or delete. Read only
 * when it matters (a file we no longer write, or one in the way of a path we do), so a run over
 * an up-to-date tree reads each file once, in `sameFile`.
 */
function isOwned(entry: DiskEntry): boolean {
  entry.owned ??= entry.kind === 'file' && entry.abs.endsWith('.yaml') && startsWithHeader(entry.abs);
  return entry.owned;
}

interface DiskState {
  readonly exists: boolean;
  /** Files, symlinks, special files and empty directories, by relative POSIX path. */
  readonly entries: Map<string, DiskEntry>;
  /** Every directory below the root, with its permission bits. */
  readonly dirModes: Map<string, number>;
  readonly rootMode: number;
}

/**
 * Compares `files` (relative path → content, as from `layoutFiles`) with `outdir`. A path in
 * `files` is `added`, `changed` (including our files edited by hand, and user files we would
 * overwrite) or `unchanged`; `removed` lists only files we own (`*.yaml` starting with
 * `GENERATED_HEADER`) that `files` no longer has. Anything else in `outdir` is left alone and
 * never listed. Throws on the same invalid input `writeOutput` would reject. Writes nothing: this
 * is the `--check` path, so CI can fail when the committed output is stale.
 */
export function planOutput(outdir: string, files: ReadonlyMap<string, FileContent>): OutputPlan {
  const desired = prepareFiles(files);
  const target = resolveTarget(outdir);
  return readOld(outdir, () => diff(outdir, target, desired, scan(outdir, target), true));
}

/** A new output tree built beside `outdir`, waiting to be swapped in (`commit`) or thrown away (`discard`). */
export interface StagedOutput {
  readonly plan: OutputPlan;
  /** Swaps the staged tree in; a no-op when nothing changes. */
  commit(): void;
  /** Removes the staged tree; `outdir` stays as it was. */
  discard(): void;
}

/**
 * Makes `outdir` hold exactly `files` plus whatever non-owned entries it already had (a README,
 * `.gitkeep`, Argo CD's `.argocd-source-*.yaml`), and returns the plan it carried out.
 *
 * The new tree is built complete in a sibling `<outdir>.tmp-*` (same parent, so same file system)
 * and swapped in with two renames: `outdir` → `<outdir>.old-*`, temp → `outdir`. A reader such as
 * an Argo CD repo-server or a `git add` in another terminal therefore sees the old tree or the new
 * one, never a half-written mix; between the two renames `outdir` is briefly absent. What can be
 * checked is checked before anything is written (permissions, the kinds of the entries in the way
 * and to keep, free space), and a write that would delete more than `maxPrune` percent of the
 * files a previous run generated is refused; these faults throw `OutputError`, a one-line message.
 * If anything fails before the swap, `outdir` is untouched and the temp directory is removed; if
 * the swap fails, the previous tree is put back. When nothing would change, nothing is touched
 * (mtimes stay put). Files are written LF-terminated, mode 0644.
 */
export function writeOutput(outdir: string, files: ReadonlyMap<string, FileContent>, options: WriteOutputOptions = {}): OutputPlan {
  const staged = stageOutput(outdir, files, options);
  staged.commit();
  return staged.plan;
}

/**
 * The first half of `writeOutput`: plans, and builds the new tree in `<outdir>.tmp-*` without
 * touching `outdir`. The caller commits it once it knows the output may be written (the CLI
 * writes while the validation gate runs on the other core) or discards it.
 */
export function stageOutput(outdir: string, files: ReadonlyMap<string, FileContent>, options: WriteOutputOptions = {}): StagedOutput {
  const fs = options.fs ?? nodeFs;
  const desired = prepareFiles(files);
  const target = resolveTarget(outdir);
  const disk = readOld(outdir, () => scan(outdir, target));
  const plan = readOld(outdir, () => diff(outdir, target, desired, disk, false));
  if (plan.added.length === 0 && plan.changed.length === 0 && plan.removed.length === 0) {
    return { plan, commit: () => undefined, discard: () => undefined };
  }
  readOld(outdir, () => {
    guardPrune(outdir, plan, disk, options);
    preflight(fs, outdir, target, desired, disk);
  });
  // Every check that can be made has passed; from here on a failure undoes what was done.
  let created: string | undefined;
  try {
    created = fs.mkdirSync(dirname(target), { recursive: true });
  } catch (err) {
    throw OutputError.of(`cannot create the parent directory of ${pathText(outdir)}, at`, err);
  }
  let tmp: string;
  try {
    tmp = fs.mkdtempSync(`${target}.tmp-`);
  } catch (err) {
    removeQuietly(fs, created);
    throw OutputError.of(`cannot create a temporary directory beside ${pathText(outdir)}, at`, err, dirname(target));
  }
  try {
    buildTree(fs, tmp, target, desired, disk);
  } catch (err) {
    removeQuietly(fs, tmp);
    removeQuietly(fs, created);
    if (err instanceof OutputError || fsErrorCode(err) === undefined) throw err;
    throw OutputError.of(`cannot build the new ${pathText(outdir)}; nothing was changed; failed at`, err);
  }
  let done = false;
  const once = (): boolean => {
    if (done) return false;
    done = true;
    return true;
  };
  return {
    plan,
    commit: () => {
      if (once()) swapIn(fs, tmp, target, outdir, disk.exists, created);
    },
    discard: () => {
      if (!once()) return;
      removeQuietly(fs, tmp);
      removeQuietly(fs, created);
    },
  };
}

/** Runs a step that reads the old tree, turning a file-system fault into an `OutputError`. */
function readOld<T>(outdir: string, step: () => T): T {
  try {
    return step();
  } catch (err) {
    if (err instanceof OutputError || fsErrorCode(err) === undefined) throw err;
    throw OutputError.of(`cannot read the output directory ${pathText(outdir)}; nothing was written; failed at`, err);
  }
}

/**
 * Refuses a write that deletes more than `maxPrune` percent of the files a previous run generated:
 * an empty or mistyped input compiles to almost nothing, and the files it would delete are what
 * Argo CD then prunes from the cluster.
 */
function guardPrune(outdir: string, plan: OutputPlan, disk: DiskState, options: WriteOutputOptions): void {
  if (plan.removed.length === 0 || options.pruneOk) return;
  const maxPrune = options.maxPrune ?? DEFAULT_MAX_PRUNE;
  const ownedChanged = plan.changed.filter((path) => {
    const entry = disk.entries.get(path);
    return entry !== undefined && isOwned(entry);
  });
  const previous = plan.removed.length + plan.unchanged.length + ownedChanged.length;
  const share = (plan.removed.length / previous) * 100;
  if (share <= maxPrune) return;
  throw new OutputError(
    `refusing to delete ${plan.removed.length} of the ${previous} previously generated files in ${pathText(outdir)} ` +
      `(${Math.round(share)}%, more than the limit of ${maxPrune}%): ${listed(plan.removed)}; ` +
      'nothing was written; pass --prune-ok if that is intended, or raise --max-prune',
  );
}

function listed(paths: readonly string[]): string {
  const shown = paths.slice(0, LISTED).map((p) => pathText(p));
  return paths.length > LISTED ? `${shown.join(', ')} and ${paths.length - LISTED} more` : shown.join(', ');
}

/**
 * Everything that could make the build or the swap fail, checked before anything is written, so a
 * fault leaves `outdir` as it was: the parent must be a writable directory (the temp tree and the
 * renames happen there); every directory of the old tree must be writable (it is removed after the
 * swap, and a read-only one would leave half of it behind); the entries kept must be readable and
 * of a kind that can be copied; and the file system must have room for what is known of the new tree.
 */
function preflight(fs: OutputFs, outdir: string, target: string, desired: Map<string, DesiredFile>, disk: DiskState): void {
  const parent = nearestExisting(dirname(target));
  if (!nodeFs.statSync(parent).isDirectory()) {
    throw new OutputError(`cannot create the output directory ${pathText(outdir)}: ${pathText(parent)} is not a directory`);
  }
  checkAccess(
    fs,
    parent,
    nodeFs.constants.W_OK | nodeFs.constants.X_OK,
    `cannot write the output directory ${pathText(outdir)}: its parent ${pathText(parent)} is not writable`,
  );
  let bytes = 0;
  if (disk.exists) {
    for (const rel of ['', ...disk.dirModes.keys()]) {
      checkAccess(
        fs,
        rel ? join(target, rel) : target,
        nodeFs.constants.R_OK | nodeFs.constants.W_OK | nodeFs.constants.X_OK,
        `cannot replace the output directory ${pathText(outdir)}: ${pathText(rel ? join(outdir, rel) : outdir)} is not writable`,
        'the old tree is removed after the new one is swapped in, so every directory in it must be writable',
      );
    }
    for (const [rel, entry] of disk.entries) {
      if (desired.has(rel) || isOwned(entry)) continue;
      if (entry.kind === 'other') {
        throw new OutputError(
          `cannot keep ${pathText(join(outdir, rel))} in the output directory: it is ${otherKind(entry.abs)}, and only regular files, directories and symlinks can be carried over; move it out; nothing was written`,
        );
      }
      if (entry.kind === 'file') {
        checkAccess(
          fs,
          entry.abs,
          nodeFs.constants.R_OK,
          `cannot carry over ${pathText(join(outdir, rel))} into the new output directory: it is not readable`,
        );
        bytes += nodeFs.statSync(entry.abs).size;
      }
    }
  }
  for (const file of desired.values()) bytes += file.knownSize();
  let free: number;
  try {
    const stat = fs.statfsSync(parent);
    free = stat.bavail * stat.bsize;
  } catch {
    return; // Not knowable here (an exotic file system); a full disk still fails cleanly while building.
  }
  if (free < bytes) {
    throw new OutputError(
      `not enough free space for the output directory ${pathText(outdir)}: it needs at least ${bytes} bytes, ${free} are available in ${pathText(parent)}; nothing was written`,
    );
  }
}

/** Throws `<what> (<cause>); <why>; nothing was written` when `path` lacks a permission in `mode`. */
function checkAccess(fs: OutputFs, path: string, mode: number, what: string, why?: string): void {
  try {
    fs.accessSync(path, mode);
  } catch (err) {
    throw new OutputError(`${what} (${fsErrorText(err)})${why === undefined ? '' : `; ${why}`}; nothing was written`, { cause: err });
  }
}

function nearestExisting(path: string): string {
  let dir = path;
  while (!nodeFs.existsSync(dir) && dirname(dir) !== dir) dir = dirname(dir);
  // existsSync is false for a path through a file too; the first ancestor that exists tells which.
  return dir;
}

function otherKind(abs: string): string {
  const stat = nodeFs.lstatSync(abs);
  if (stat.isFIFO()) return 'a FIFO';
  if (stat.isSocket()) return 'a socket';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  return 'not a regular file';
}

function swapIn(fs: OutputFs, tmp: string, target: string, outdir: string, exists: boolean, created: string | undefined): void {
  let old: string | undefined;
  let swapped = false;
  try {
    if (exists) {
      old = `${target}.old-${randomBytes(6).toString('hex')}`;
      fs.renameSync(target, old);
      try {
        fs.renameSync(tmp, target);
      } catch (err) {
        restore(fs, old, target, outdir, err);
      }
    } else {
      fs.renameSync(tmp, target);
    }
    swapped = true;
  } catch (err) {
    if (err instanceof OutputError) throw err;
    throw OutputError.of(`could not swap in the new ${pathText(outdir)}; the previous tree is unchanged; failed at`, err, target);
  } finally {
    if (!swapped) {
      removeQuietly(fs, tmp);
      removeQuietly(fs, created);
    }
  }
  if (old !== undefined) {
    try {
      fs.rmSync(old, { recursive: true, force: true });
    } catch (err) {
      throw new OutputError(`wrote ${pathText(outdir)}, but could not remove the previous tree at ${pathText(old)}: ${fsErrorText(err)}`, {
        cause: err,
      });
    }
  }
}

/** Human-readable plan, one line per file that changes, in path order: `  + a.yaml`, `  ~ b.yaml`, `  - c.yaml`. */
export function describePlan(plan: OutputPlan): string[] {
  const lines: [string, string][] = [
    ...plan.added.map((p): [string, string] => [p, '+']),
    ...plan.changed.map((p): [string, string] => [p, '~']),
    ...plan.removed.map((p): [string, string] => [p, '-']),
  ];
  return lines.sort(([a], [b]) => compareStrings(a, b)).map(([path, sigil]) => `  ${sigil} ${path}`);
}

/**
 * One file to write: its content as written (LF line endings, a trailing newline, starting with
 * `GENERATED_HEADER`), rendered on first use. The text is kept once read by `diff`, which only
 * compares files that already exist; a file only written is rendered, written and let go.
 */
class DesiredFile {
  private text?: string;
  constructor(
    readonly path: string,
    private readonly source: FileContent,
  ) {}

  /** Bytes of the rendered text when it is kept (files that exist already); 0 when not rendered yet. */
  knownSize(): number {
    return this.text === undefined ? 0 : Buffer.byteLength(this.text, 'utf8');
  }

  content(keep: boolean): string {
    if (this.text !== undefined) return this.text;
    const text = normalise(this.path, typeof this.source === 'function' ? this.source() : this.source);
    if (keep) this.text = text;
    return text;
  }
}

/**
 * Validates the requested paths, in sorted order. Every file must start with `GENERATED_HEADER`,
 * because that header is how a later run recognises the file as ours; without it a stale file
 * would never be deleted. That, and the type of each content, is checked when it is rendered.
 */
function prepareFiles(files: ReadonlyMap<string, FileContent>): Map<string, DesiredFile> {
  const prepared = new Map<string, DesiredFile>();
  for (const path of [...files.keys()].sort(compareStrings)) {
    checkRelativePath(path);
    prepared.set(path, new DesiredFile(path, files.get(path) as FileContent));
  }
  for (const path of prepared.keys()) {
    for (const ancestor of ancestors(path)) {
      if (prepared.has(ancestor)) throw new Error(`output file ${path} is inside output file ${ancestor}`);
    }
  }
  return prepared;
}

function normalise(path: string, content: unknown): string {
  if (typeof content !== 'string') {
    throw new TypeError(`output file ${path}: content must be a string, got ${content === null ? 'null' : typeof content}`);
  }
  let text = content.replace(/\r\n?/g, '\n');
  if (!text.endsWith('\n')) text += '\n';
  if (!text.startsWith(`${GENERATED_HEADER}\n`)) {
    throw new Error(`output file ${path}: content must start with the generated-file header line, or later runs could not clean it up`);
  }
  return text;
}

function checkRelativePath(path: string): void {
  const segments = path.split('/');
  // eslint-disable-next-line no-control-regex -- control characters are what this rejects
  const bad = !path.endsWith('.yaml') || /[\\\x00-\x1f\x7f]/.test(path) || segments.some((s) => s === '' || s === '.' || s === '..');
  if (bad) {
    throw new Error(
      `output file path ${JSON.stringify(path)} must be a relative POSIX path ending in .yaml, without empty, "." or ".." segments`,
    );
  }
}

/** Absolute path of the output directory, through symlinks, so the temp sibling is on the same file system. */
function resolveTarget(outdir: string): string {
  const abs = resolve(outdir);
  try {
    return nodeFs.realpathSync(abs);
  } catch {
    return abs;
  }
}

function scan(outdir: string, root: string): DiskState {
  let stat: nodeFs.Stats | undefined;
  try {
    stat = nodeFs.statSync(root, { throwIfNoEntry: false });
  } catch (err) {
    if (fsErrorCode(err) !== 'ENOTDIR') throw err;
    const file = nearestExisting(root);
    throw new OutputError(
      `cannot create the output directory ${pathText(outdir)}: ${pathText(file)} is not a directory; nothing was written`,
      {
        cause: err,
      },
    );
  }
  const entries = new Map<string, DiskEntry>();
  const dirModes = new Map<string, number>();
  if (!stat) return { exists: false, entries, dirModes, rootMode: DIR_MODE };
  if (!stat.isDirectory())
    throw new OutputError(`the output directory ${pathText(outdir)} exists and is not a directory; nothing was written`);
  walk(root, '', entries, dirModes);
  return { exists: true, entries, dirModes, rootMode: stat.mode & 0o7777 };
}

function walk(root: string, rel: string, entries: Map<string, DiskEntry>, dirModes: Map<string, number>): void {
  const dirents = nodeFs.readdirSync(rel ? join(root, rel) : root, { withFileTypes: true });
  dirents.sort((a, b) => compareStrings(a.name, b.name));
  for (const dirent of dirents) {
    const childRel = rel ? `${rel}/${dirent.name}` : dirent.name;
    const abs = join(root, childRel);
    if (dirent.isDirectory()) {
      dirModes.set(childRel, nodeFs.lstatSync(abs).mode & 0o7777);
      const before = entries.size;
      walk(root, childRel, entries, dirModes);
      // An empty directory is kept as an entry of its own: it may matter to someone (an empty
      // `refs/` in a git checkout). Directories that only held our files are not kept.
      if (entries.size === before) {
        entries.set(childRel, { kind: 'dir', abs });
      }
    } else if (dirent.isSymbolicLink()) {
      entries.set(childRel, { kind: 'symlink', abs });
    } else if (dirent.isFile()) {
      entries.set(childRel, { kind: 'file', abs });
    } else {
      entries.set(childRel, { kind: 'other', abs });
    }
  }
}

function startsWithHeader(abs: string): boolean {
  const expected = Buffer.from(GENERATED_HEADER, 'utf8');
  const buf = Buffer.alloc(expected.length + 2);
  const fd = nodeFs.openSync(abs, 'r');
  let n: number;
  try {
    n = nodeFs.readSync(fd, buf, 0, buf.length, 0);
  } finally {
    nodeFs.closeSync(fd);
  }
  const head = buf.subarray(0, n);
  if (!head.subarray(0, expected.length).equals(expected)) return false;
  const rest = head.subarray(expected.length).toString('latin1');
  // Exactly the header as the first line: end of file, LF, or CRLF (an editor may have converted it).
  return rest === '' || rest.startsWith('\n') || rest === '\r' || rest.startsWith('\r\n');
}

/**
 * The plan. `checkOnly` (planOutput) renders files that do not exist yet as well, so it fails on
 * the content errors a write would, and keeps no rendered text, since nothing is written after.
 */
function diff(outdir: string, target: string, desired: Map<string, DesiredFile>, disk: DiskState, checkOnly: boolean): OutputPlan {
  const plan: OutputPlan = { added: [], changed: [], removed: [], unchanged: [] };
  for (const [path, file] of desired) {
    if (disk.dirModes.has(path) || disk.entries.get(path)?.kind === 'dir') {
      throw new OutputError(`cannot write ${pathText(join(outdir, path))}: a directory with that name is in the way; nothing was written`);
    }
    for (const ancestor of ancestors(path)) {
      const entry = disk.entries.get(ancestor);
      if (entry && entry.kind !== 'dir' && !isOwned(entry)) {
        throw new OutputError(
          `cannot write ${pathText(join(outdir, path))}: ${pathText(join(outdir, ancestor))} is not a directory and was not generated by cdk8s-tool-gateway; nothing was written`,
        );
      }
    }
    const entry = disk.entries.get(path);
    if (!entry) {
      if (checkOnly) file.content(false);
      plan.added.push(path);
    } else if (entry.kind === 'file' && sameFile(join(target, path), file.content(!checkOnly))) plan.unchanged.push(path);
    else {
      file.content(!checkOnly);
      plan.changed.push(path);
    }
  }
  for (const [path, entry] of disk.entries) {
    if (!desired.has(path) && isOwned(entry)) plan.removed.push(path);
  }
  plan.removed.sort(compareStrings);
  return plan;
}

/**
 * Same bytes, and not executable (git records the executable bit, so a 0755 file is a diff too).
 * A file of another size is not read.
 */
function sameFile(abs: string, content: string): boolean {
  const stat = nodeFs.lstatSync(abs);
  if ((stat.mode & 0o111) !== 0 || stat.size !== Buffer.byteLength(content, 'utf8')) return false;
  return nodeFs.readFileSync(abs).equals(Buffer.from(content, 'utf8'));
}

function buildTree(fs: OutputFs, tmp: string, target: string, desired: Map<string, DesiredFile>, disk: DiskState): void {
  // mkdtemp creates 0700; the swapped-in directory should keep the old permissions.
  fs.chmodSync(tmp, disk.rootMode);
  const made = new Set<string>([tmp]);
  // The mode given to writeFileSync is masked by the umask, and the files must be 0644 whatever
  // the umask is. The first file shows whether the umask clears any of those bits; only then is
  // every file chmod-ed (one system call per file saved in the usual case).
  let chmodEach: boolean | undefined;
  for (const [path, file] of desired) {
    const dest = join(tmp, path);
    const dir = dirname(dest);
    if (!made.has(dir)) {
      fs.mkdirSync(dir, { recursive: true });
      made.add(dir);
    }
    fs.writeFileSync(dest, file.content(false), WRITE_OPTIONS);
    chmodEach ??= (nodeFs.statSync(dest).mode & 0o7777) !== FILE_MODE;
    if (chmodEach) fs.chmodSync(dest, FILE_MODE);
  }
  for (const [path, entry] of disk.entries) {
    if (desired.has(path) || isOwned(entry)) continue;
    copyEntry(fs, join(target, path), join(tmp, path), path, entry.kind);
  }
  for (const [path, mode] of disk.dirModes) {
    const dir = join(tmp, path);
    if (nodeFs.existsSync(dir)) fs.chmodSync(dir, mode);
  }
}

function copyEntry(fs: OutputFs, src: string, dest: string, path: string, kind: EntryKind): void {
  switch (kind) {
    case 'dir':
      fs.mkdirSync(dest, { recursive: true });
      return;
    case 'file': {
      const stat = nodeFs.statSync(src);
      fs.mkdirSync(dirname(dest), { recursive: true });
      fs.copyFileSync(src, dest);
      fs.chmodSync(dest, stat.mode & 0o7777);
      fs.utimesSync(dest, stat.atimeMs / 1000, stat.mtimeMs / 1000);
      return;
    }
    case 'symlink': {
      const stat = nodeFs.lstatSync(src);
      fs.mkdirSync(dirname(dest), { recursive: true });
      fs.symlinkSync(nodeFs.readlinkSync(src), dest);
      fs.lutimesSync(dest, stat.atimeMs / 1000, stat.mtimeMs / 1000);
      return;
    }
    case 'other':
      throw new Error(`cannot keep ${path} in the output directory: it is not a regular file, directory or symlink`);
  }
}

/** Puts the previous tree back after a failed swap, then throws the swap error. */
function restore(fs: OutputFs, old: string, target: string, outdir: string, swapError: unknown): never {
  try {
    fs.renameSync(old, target);
  } catch (restoreError) {
    throw new OutputError(
      `could not swap in the new ${pathText(outdir)} (${fsErrorText(swapError)}) nor restore the previous tree from ${pathText(old)} (${fsErrorText(restoreError)}); move it back by hand`,
      { cause: swapError },
    );
  }
  throw new OutputError(`could not swap in the new ${pathText(outdir)}: ${fsErrorText(swapError)}; the previous tree was put back`, {
    cause: swapError,
  });
}

/**
 * Removes a tree this run created (the temp tree, a parent it made). The temp tree may hold
 * directories with the old tree's modes; a read-only one is made writable and the removal tried again.
 */
function removeQuietly(fs: OutputFs, path: string | undefined): void {
  if (path === undefined) return;
  try {
    fs.rmSync(path, { recursive: true, force: true });
  } catch {
    try {
      makeWritable(fs, path);
      fs.rmSync(path, { recursive: true, force: true });
    } catch {
      // The error that got us here is the one worth reporting; a leftover temp dir is only clutter.
    }
  }
}

function makeWritable(fs: OutputFs, dir: string): void {
  if (!nodeFs.lstatSync(dir).isDirectory()) return;
  fs.chmodSync(dir, 0o700);
  for (const entry of nodeFs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) makeWritable(fs, join(dir, entry.name));
  }
}

function ancestors(path: string): string[] {
  const parts = path.split('/');
  return parts.slice(0, -1).map((_, i) => parts.slice(0, i + 1).join('/'));
}
