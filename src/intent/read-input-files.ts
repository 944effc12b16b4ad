import * as nodeFs from 'node:fs';
import { join, relative, sep } from 'node:path';
import { compareStrings } from '../contracts/json.js';
import { fsErrorCode, fsErrorText } from '../contracts/fs-error-text.js';
import type { Problem } from '../contracts/problem.js';
import { escapeControlCharacters, pathText } from '../contracts/value-text.js';
import { decodeUtf8 } from './decode-utf8.js';

/** The largest input file read by default: far above any hand-written intent, far below a memory problem. */
export const DEFAULT_MAX_FILE_SIZE = 16 * 1024 * 1024;

/** How inputs are read. */
export interface ReadInputOptions {
  /** Largest file read, in bytes; a larger one is an error. @default DEFAULT_MAX_FILE_SIZE */
  readonly maxFileSize?: number;
  /** Paths in messages are relative to this directory. @default process.cwd() */
  readonly cwd?: string;
  /** How a message names one of `inputs`: `input "x"` for synth, `"x"` for validate. */
  readonly label?: (input: string) => string;
}

/** One input file, read and decoded. */
export interface InputFile {
  /** The path as messages show it: relative to `cwd`, control characters escaped. */
  readonly file: string;
  readonly text: string;
}

const YAML_NAME = /\.ya?ml$/i;

/**
 * Reads every input: a file named directly, or every `*.yaml` / `*.yml` below a directory (dot
 * entries skipped), in sorted order so the result never depends on readdir. Yields the files one at
 * a time, so a large estate is not held in memory twice.
 *
 * Only regular files are read, each at most `maxFileSize` bytes, and each must be UTF-8. FIFOs,
 * devices and sockets are refused before they are opened (a FIFO nobody writes to would block the
 * read forever, `/dev/zero` would never end), and opened non-blocking, checked again on the open
 * descriptor, in case one replaced the file in between. Inside a directory, symlinks are followed
 * only to files and directories inside that directory; a symlink pointing outside it, a dangling
 * one and a loop are errors. Every fault is one problem naming the path and the cause.
 */
export function* readInputFiles(inputs: readonly string[], problems: Problem[], options: ReadInputOptions = {}): Generator<InputFile> {
  const cwd = options.cwd ?? process.cwd();
  const maxFileSize = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  const label = options.label ?? ((input: string) => `input ${pathText(input)}`);
  for (const input of inputs) {
    const files = inputFilesOf(input, problems, label, cwd);
    for (const path of files) {
      const file = shownPath(path, cwd);
      const text = readTextFile(path, file, maxFileSize, problems);
      if (text !== undefined) yield { file, text };
    }
  }
}

/**
 * The files one input names, or none with a problem. Exposed for `findYamlFiles`; the reading rules
 * are those of `readInputFiles`.
 */
export function inputFilesOf(input: string, problems: Problem[], label: (input: string) => string, cwd: string = process.cwd()): string[] {
  const fail = (message: string): string[] => {
    problems.push({ severity: 'error', message: `${label(input)} ${message}` });
    return [];
  };
  let stat: nodeFs.Stats;
  try {
    stat = nodeFs.statSync(input);
  } catch (err) {
    return fail(unresolvable(input, err));
  }
  if (stat.isFile()) return [input];
  if (!stat.isDirectory()) return fail(`is ${typeName(stat)}, not a regular file or directory; only regular files are read`);
  let root: string;
  try {
    root = nodeFs.realpathSync(input);
  } catch (err) {
    return fail(`cannot be resolved: ${fsErrorText(err)}`);
  }
  const walk = new DirectoryWalk(root, problems, cwd);
  walk.directory(input, root, []);
  if (walk.files.length === 0 && walk.refused === 0) {
    problems.push({ severity: 'warning', message: `${label(input)} holds no *.yaml or *.yml files` });
  }
  return walk.files;
}

/** Every YAML file below `dir`, by the rules of `readInputFiles`; throws the first problem, if any. */
export function findYamlFiles(dir: string): string[] {
  const problems: Problem[] = [];
  const files = inputFilesOf(dir, problems, (input) => pathText(input));
  const error = problems.find((p) => p.severity === 'error');
  if (error) throw new Error(error.message);
  return files;
}

class DirectoryWalk {
  readonly files: string[] = [];
  /** How many entries were refused: a directory of refused files is not "empty". */
  refused = 0;
  /** Real paths of files already listed, so a file reached through two symlinks is read once. */
  private readonly seen = new Set<string>();

  constructor(
    private readonly root: string,
    private readonly problems: Problem[],
    private readonly cwd: string,
  ) {}

  /** `dir` as the user's path spells it (for messages); `real` its real path; `open` the real paths being walked. */
  directory(dir: string, real: string, open: readonly string[]): void {
    let entries: nodeFs.Dirent[];
    try {
      entries = nodeFs.readdirSync(dir, { withFileTypes: true });
    } catch (err) {
      this.refuse(dir, `cannot be read: ${fsErrorText(err)}`);
      return;
    }
    entries.sort((a, b) => compareStrings(a.name, b.name));
    const inside = [...open, real];
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const path = join(dir, entry.name);
      const yaml = YAML_NAME.test(entry.name);
      if (entry.isDirectory()) this.directory(path, join(real, entry.name), inside);
      else if (entry.isFile()) {
        if (yaml) this.file(path, join(real, entry.name));
      } else if (entry.isSymbolicLink()) this.symlink(path, yaml, inside);
      else if (yaml) this.refuse(path, `is ${direntTypeName(entry)}, not a regular file; only regular files are read`);
    }
  }

  private symlink(path: string, yaml: boolean, open: readonly string[]): void {
    let real: string;
    try {
      real = nodeFs.realpathSync(path);
    } catch (err) {
      // Unresolvable whatever its name: it may stand for a directory of intent that is then silently missing.
      this.refuse(path, unresolvable(path, err));
      return;
    }
    let stat: nodeFs.Stats;
    try {
      stat = nodeFs.statSync(real);
    } catch (err) {
      this.refuse(path, `cannot be read: ${fsErrorText(err)}`);
      return;
    }
    if (!stat.isDirectory() && !yaml) return;
    if (real !== this.root && !real.startsWith(this.root + sep)) {
      this.refuse(
        path,
        `is a symlink to ${pathText(real)}, outside the input directory ${pathText(this.root)}; only symlinks to files and directories inside it are followed`,
      );
      return;
    }
    if (stat.isDirectory()) {
      if (open.includes(real)) {
        this.refuse(path, `is a symlink loop: it points to ${pathText(real)}, a directory that contains it`);
        return;
      }
      this.directory(path, real, open);
    } else if (stat.isFile()) this.file(path, real);
    else this.refuse(path, `is a symlink to ${typeName(stat)}, not a regular file; only regular files are read`);
  }

  private file(path: string, real: string): void {
    if (this.seen.has(real)) return;
    this.seen.add(real);
    this.files.push(path);
  }

  private refuse(path: string, message: string): void {
    this.refused++;
    this.problems.push({ severity: 'error', message, origin: { file: shownPath(path, this.cwd) } });
  }
}

/** Why a path cannot be followed: missing, a dangling symlink, a loop, or another error. */
function unresolvable(path: string, err: unknown): string {
  const code = fsErrorCode(err);
  if (code === 'ELOOP') return 'is a symlink loop: following it never reaches a file';
  if (code === 'ENOENT' || code === 'ENOTDIR') {
    const link = nodeFs.lstatSync(path, { throwIfNoEntry: false });
    if (link?.isSymbolicLink()) return `is a dangling symlink: its target ${pathText(readLink(path))} does not exist`;
    return 'does not exist';
  }
  return `cannot be read: ${fsErrorText(err)}`;
}

function readLink(path: string): string {
  try {
    return nodeFs.readlinkSync(path);
  } catch {
    return '?';
  }
}

/**
 * Opens, checks and reads one file. `O_NONBLOCK` makes opening a FIFO return at once, and the
 * type check on the descriptor then refuses it before any read could wait.
 */
function readTextFile(path: string, file: string, maxFileSize: number, problems: Problem[]): string | undefined {
  const read = readBytes(path, maxFileSize);
  if (typeof read === 'string') {
    problems.push({ severity: 'error', message: read, origin: { file } });
    return undefined;
  }
  const text = decodeUtf8(read);
  if (typeof text === 'string') return text;
  const hex = text.byte.toString(16).toUpperCase().padStart(2, '0');
  problems.push({
    severity: 'error',
    message: `not valid UTF-8: byte 0x${hex} at column ${text.column} (byte offset ${text.offset}); input files must be UTF-8`,
    origin: { file, line: text.line },
  });
  return undefined;
}

/** The bytes of a regular file of at most `maxFileSize` bytes, or why not. */
function readBytes(path: string, maxFileSize: number): Buffer | string {
  let fd: number;
  try {
    fd = nodeFs.openSync(path, nodeFs.constants.O_RDONLY | nodeFs.constants.O_NONBLOCK);
  } catch (err) {
    return `cannot be read: ${fsErrorText(err)}`;
  }
  try {
    const stat = nodeFs.fstatSync(fd);
    if (!stat.isFile()) return `is ${typeName(stat)}, not a regular file; only regular files are read`;
    if (stat.size > maxFileSize) return tooLarge(stat.size, maxFileSize);
    // One byte more than allowed shows a file that grew since fstat.
    const buffer = Buffer.alloc(Math.min(stat.size, maxFileSize) + 1);
    let length = 0;
    for (let n = -1; n !== 0 && length < buffer.length; length += n) n = nodeFs.readSync(fd, buffer, length, buffer.length - length, null);
    if (length > maxFileSize) return tooLarge(length, maxFileSize);
    return buffer.subarray(0, length);
  } catch (err) {
    return `cannot be read: ${fsErrorText(err)}`;
  } finally {
    nodeFs.closeSync(fd);
  }
}

function tooLarge(size: number, max: number): string {
  return `is ${size} bytes, more than the limit of ${max} bytes per input file; raise it with --max-file-size`;
}

function typeName(stat: nodeFs.Stats): string {
  if (stat.isFIFO()) return 'a FIFO';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isSocket()) return 'a socket';
  if (stat.isDirectory()) return 'a directory';
  return 'an unknown kind of file';
}

function direntTypeName(entry: nodeFs.Dirent): string {
  if (entry.isFIFO()) return 'a FIFO';
  if (entry.isCharacterDevice()) return 'a character device';
  if (entry.isBlockDevice()) return 'a block device';
  if (entry.isSocket()) return 'a socket';
  return 'an entry of unknown type';
}

/** The path as messages show it: relative to `cwd` when inside it, with control characters escaped. */
function shownPath(path: string, cwd: string): string {
  return escapeControlCharacters(relative(cwd, path) || path);
}
