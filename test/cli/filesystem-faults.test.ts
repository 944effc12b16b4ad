import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  cpSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runMain, type CliRun } from '../support/cli.js';

// Every fault runs the real binary as a child process: what is under test is its exit code, that
// stderr holds one line per problem and no stack trace, and that --out is left exactly as it was.
// A read that could block (a FIFO, /dev/zero) is bounded by the child's timeout, so a regression
// fails the test (status null) instead of hanging the suite.

const BIN = join(process.cwd(), 'bin/tool-gateway.js');
/** Root ignores file permissions; permission faults run the binary as this unprivileged user. */
const NOBODY = 65534;
const asRoot = process.getuid?.() === 0;

const work = mkdtempSync(join(tmpdir(), 'tool-gateway-fs-faults-'));
/** A complete output of the example, copied into each test that needs a full --out. */
const base = join(work, 'base');
let seq = 0;
/**
 * The example estate, copied beside the scratch directories: the unprivileged user must be able
 * to read its input wherever the checkout lives.
 */
const EXAMPLE = join(work, 'example');

beforeAll(async () => {
  chmodSync(work, 0o755);
  cpSync(join(process.cwd(), 'examples/default-estate'), EXAMPLE, { recursive: true });
  chmodAll(EXAMPLE);
  const r = await runMain(['synth', '--input', EXAMPLE, '--out', base]);
  expect(r.code, r.stderr).toBe(0);
});
afterAll(() => {
  chmodAll(work);
  rmSync(work, { recursive: true, force: true });
});

/** A fresh directory for one test, owned by the user the binary runs as when `unprivileged`. */
function scratch(unprivileged = false): string {
  const dir = join(work, `t${seq++}`);
  mkdirSync(dir);
  if (unprivileged && asRoot) chownSync(dir, NOBODY, NOBODY);
  return dir;
}

/**
 * The binary the unprivileged user can run: this checkout's, when that user can read it, else a
 * copy of the files the package ships (they run without node_modules) in the world-readable
 * scratch directory, so the tests do not depend on where the checkout lives.
 */
let unprivilegedBin: string | undefined;
function binFor(unprivileged: boolean): string {
  if (!unprivileged || !asRoot) return BIN;
  if (unprivilegedBin) return unprivilegedBin;
  const probe = spawnSync(process.execPath, ['-e', `require('fs').accessSync(${JSON.stringify(BIN)}, 4)`], { uid: NOBODY, gid: NOBODY });
  if (probe.status === 0) return (unprivilegedBin = BIN);
  const copy = join(work, 'cli');
  for (const path of ['bin', 'lib', 'imports/schemas', 'package.json'])
    cpSync(join(process.cwd(), path), join(copy, path), { recursive: true });
  chmodAll(copy);
  return (unprivilegedBin = join(copy, 'bin/tool-gateway.js'));
}

/** Runs the binary in `cwd`; `unprivileged` drops root, so permission bits apply. */
function tg(args: readonly string[], cwd: string, unprivileged = false): CliRun {
  const r = spawnSync(process.execPath, [binFor(unprivileged), ...args], {
    cwd,
    encoding: 'utf8',
    timeout: 20_000,
    ...(unprivileged && asRoot ? { uid: NOBODY, gid: NOBODY } : {}),
  });
  if (r.error && (r.error as NodeJS.ErrnoException).code !== 'ETIMEDOUT') throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Exit 1 with exactly `lines` error lines (plus the summary line when `summary`), and no stack trace. */
function expectRefused(r: CliRun, pattern: RegExp, summary = false): void {
  expect(r.code, `killed or wrong exit: ${r.stderr}`).toBe(1);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  const lines = r.stderr.trimEnd().split('\n');
  const errors = lines.filter((l) => !l.startsWith('warning: '));
  expect(errors, r.stderr).toHaveLength(summary ? 2 : 1);
  expect(errors[0]).toMatch(pattern);
  if (summary) expect(errors[1]).toMatch(/^\d+ error\(s\); nothing was written$/);
}

/** Type, mode and content digest of every entry under `dir`, and the names beside it (no temp tree left). */
function state(dir: string): { tree: Record<string, string>; siblings: string[] } {
  const tree: Record<string, string> = {};
  const walk = (rel: string): void => {
    for (const name of readdirSync(join(dir, rel)).sort()) {
      const childRel = rel ? `${rel}/${name}` : name;
      const abs = join(dir, childRel);
      const st = lstatSync(abs);
      const mode = (st.mode & 0o7777).toString(8);
      if (st.isDirectory()) {
        tree[childRel] = `dir ${mode}`;
        walk(childRel);
      } else if (st.isSymbolicLink()) tree[childRel] = `link ${readlinkSync(abs)}`;
      else if (st.isFile()) tree[childRel] = `file ${mode} ${createHash('sha256').update(readFileSync(abs)).digest('hex')}`;
      else tree[childRel] = `special ${mode}`;
    }
  };
  walk('');
  return { tree, siblings: readdirSync(join(dir, '..')).sort() };
}

function chmodAll(dir: string): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      chmodSync(join(dir, entry.name), 0o755);
      chmodAll(join(dir, entry.name));
    }
  }
}

function fullOut(dir: string, unprivileged = false): string {
  const out = join(dir, 'out');
  cpSync(base, out, { recursive: true });
  if (unprivileged && asRoot) {
    const own = (p: string): void => {
      chownSync(p, NOBODY, NOBODY);
      if (lstatSync(p).isDirectory()) for (const n of readdirSync(p)) own(join(p, n));
    };
    own(out);
  }
  return out;
}

describe('synth | --out faults are one line and exit 1', () => {
  test('--out is a regular file, also with --check', () => {
    const dir = scratch();
    writeFileSync(join(dir, 'out'), 'mine\n');
    expectRefused(
      tg(['synth', '--input', EXAMPLE, '--out', 'out'], dir),
      /^error: the output directory "out" exists and is not a directory; nothing was written$/,
    );
    expectRefused(
      tg(['synth', '--input', EXAMPLE, '--out', 'out', '--check'], dir),
      /^error: the output directory "out" exists and is not a directory/,
    );
    expect(readFileSync(join(dir, 'out'), 'utf8')).toBe('mine\n');
  });

  test('the parent of --out is a file', () => {
    const dir = scratch();
    writeFileSync(join(dir, 'file'), 'mine\n');
    expectRefused(
      tg(['synth', '--input', EXAMPLE, '--out', 'file/out'], dir),
      /^error: cannot create the output directory "file\/out": ".*\/file" is not a directory; nothing was written$/,
    );
  });

  test('--out is read-only', () => {
    const dir = scratch(true);
    const out = fullOut(dir, true);
    chmodSync(out, 0o555);
    const before = state(out);
    expectRefused(
      tg(['synth', '--input', EXAMPLE, '--out', 'out', '--cluster-domain', 'example.org'], dir, true),
      /^error: cannot replace the output directory "out": "out" is not writable \(permission denied\); .*; nothing was written$/,
    );
    expect(state(out)).toStrictEqual(before);
  });

  test('a read-only directory inside --out leaves --out untouched and no temp tree', () => {
    const dir = scratch(true);
    const out = fullOut(dir, true);
    chmodSync(join(out, 'team-a'), 0o555);
    const before = state(out);
    expectRefused(
      tg(['synth', '--input', EXAMPLE, '--out', 'out', '--cluster-domain', 'example.org'], dir, true),
      /^error: cannot replace the output directory "out": "out\/team-a" is not writable \(permission denied\); the old tree is removed after the new one is swapped in, so every directory in it must be writable; nothing was written$/,
    );
    expect(state(out)).toStrictEqual(before);
    expect(before.siblings).toStrictEqual(['out']);
  });

  test('the parent of --out is read-only', () => {
    const dir = scratch(true);
    chmodSync(dir, 0o555);
    expectRefused(
      tg(['synth', '--input', EXAMPLE, '--out', 'out'], dir, true),
      /^error: cannot write the output directory "out": its parent ".*" is not writable \(permission denied\); nothing was written$/,
    );
    expect(readdirSync(dir)).toStrictEqual([]);
  });

  test('a directory sits where a file goes', () => {
    const dir = scratch();
    const out = fullOut(dir);
    rmSync(join(out, 'team-a/httproute-shared-weather.yaml'));
    mkdirSync(join(out, 'team-a/httproute-shared-weather.yaml'));
    const before = state(out);
    expectRefused(
      tg(['synth', '--input', EXAMPLE, '--out', 'out'], dir),
      /^error: cannot write "out\/team-a\/httproute-shared-weather\.yaml": a directory with that name is in the way; nothing was written$/,
    );
    expect(state(out)).toStrictEqual(before);
  });

  test('--out holds a FIFO', () => {
    const dir = scratch();
    const out = fullOut(dir);
    spawnSync('mkfifo', [join(out, 'pipe')]);
    rmSync(join(out, 'team-a/httproute-shared-weather.yaml'));
    const before = state(out);
    expectRefused(
      tg(['synth', '--input', EXAMPLE, '--out', 'out'], dir),
      /^error: cannot keep "out\/pipe" in the output directory: it is a FIFO, and only regular files, directories and symlinks can be carried over; move it out; nothing was written$/,
    );
    expect(state(out)).toStrictEqual(before);
  });
});

describe('synth | input faults are clean errors, and nothing blocks', () => {
  /** An input directory holding the example plus `extra` entries made by `make`. */
  function input(make: (dir: string) => void, unprivileged = false): string {
    const dir = scratch(unprivileged);
    cpSync(EXAMPLE, join(dir, 'in'), { recursive: true });
    make(join(dir, 'in'));
    return dir;
  }

  test('a FIFO nobody writes to, as the input and inside an input directory', () => {
    const dir = input((inDir) => spawnSync('mkfifo', [join(inDir, 'pipe.yaml')]));
    spawnSync('mkfifo', [join(dir, 'direct.yaml')]);
    expectRefused(
      tg(['synth', '--input', 'direct.yaml', '--out', 'out'], dir),
      /^error: input "direct\.yaml" is a FIFO, not a regular file or directory; only regular files are read$/,
      true,
    );
    expectRefused(
      tg(['synth', '--input', 'in', '--out', 'out'], dir),
      /^in\/pipe\.yaml: error: is a FIFO, not a regular file; only regular files are read$/,
      true,
    );
    expect(readdirSync(dir).sort()).toStrictEqual(['direct.yaml', 'in']);
  });

  test('/dev/zero as a path and through a symlink, given directly and inside an input directory', () => {
    const dir = input((inDir) => symlinkSync('/dev/zero', join(inDir, 'zero.yaml')));
    symlinkSync('/dev/zero', join(dir, 'zero.yaml'));
    expectRefused(
      tg(['synth', '--input', '/dev/zero', '--out', 'out'], dir),
      /^error: input "\/dev\/zero" is a character device, not a regular file or directory/,
      true,
    );
    expectRefused(tg(['synth', '--input', 'zero.yaml', '--out', 'out'], dir), /^error: input "zero\.yaml" is a character device/, true);
    expectRefused(
      tg(['synth', '--input', 'in', '--out', 'out'], dir),
      /^in\/zero\.yaml: error: is a symlink to "\/dev\/zero", outside the input directory ".*\/in"; only symlinks to files and directories inside it are followed$/,
      true,
    );
  });

  test('an unreadable input file', () => {
    const dir = input((inDir) => {
      if (asRoot) for (const n of readdirSync(inDir)) chownSync(join(inDir, n), NOBODY, NOBODY);
      chmodSync(join(inDir, 'team-a.yaml'), 0o000);
    }, true);
    expectRefused(
      tg(['synth', '--input', 'in', '--out', 'out'], dir, true),
      /^in\/team-a\.yaml: error: cannot be read: permission denied$/,
      true,
    );
  });

  test('a symlink loop and a dangling symlink name their file', () => {
    const dir = input((inDir) => {
      symlinkSync('loop-b.yaml', join(inDir, 'loop-a.yaml'));
      symlinkSync('loop-a.yaml', join(inDir, 'loop-b.yaml'));
    });
    const r = tg(['synth', '--input', 'in', '--out', 'out'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr.trimEnd().split('\n')).toStrictEqual([
      'in/loop-a.yaml: error: is a symlink loop: following it never reaches a file',
      'in/loop-b.yaml: error: is a symlink loop: following it never reaches a file',
      '2 error(s); nothing was written',
    ]);
    const dangling = input((inDir) => symlinkSync('gone.yaml', join(inDir, 'team-c.yaml')));
    expectRefused(
      tg(['synth', '--input', 'in', '--out', 'out'], dangling),
      /^in\/team-c\.yaml: error: is a dangling symlink: its target "gone\.yaml" does not exist$/,
      true,
    );
  });

  test('a file over the size limit, and --max-file-size raising it', () => {
    const dir = input((inDir) => writeFileSync(join(inDir, 'big.yaml'), `# ${'x'.repeat(2046)}\n`));
    expectRefused(
      tg(['synth', '--input', 'in', '--out', 'out', '--max-file-size', '2KiB'], dir),
      /^in\/big\.yaml: error: is 2049 bytes, more than the limit of 2048 bytes per input file; raise it with --max-file-size$/,
      true,
    );
    const r = tg(['synth', '--input', 'in', '--out', 'out', '--max-file-size', '3KiB'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(tg(['synth', '--input', 'in', '--out', 'out', '--max-file-size', 'lots'], dir).code).toBe(2);
  });

  test('invalid UTF-8 names the file and line', () => {
    const dir = input((inDir) =>
      writeFileSync(
        join(inDir, 'ns.yaml'),
        Buffer.concat([Buffer.from('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: caf'), Buffer.from([0xe9, 0x0a])]),
      ),
    );
    expectRefused(
      tg(['synth', '--input', 'in', '--out', 'out'], dir),
      /^in\/ns\.yaml:4: error: not valid UTF-8: byte 0xE9 at column 12 \(byte offset 52\); input files must be UTF-8$/,
      true,
    );
  });

  test('a file name with a newline, a fake error line and an ANSI escape is escaped', () => {
    const dir = input((inDir) => writeFileSync(join(inDir, 'x\nerror: all good\u001b[32m.yaml'), 'x: [\n'));
    const r = tg(['synth', '--input', 'in', '--out', 'out'], dir);
    expectRefused(r, /^in\/x\\nerror: all good\\u001b\[32m\.yaml:2: error: not valid YAML: /, true);
    expect(r.stderr).not.toContain('\u001b');
  });
});

describe('synth | the --out path is echoed escaped', () => {
  test('a newline and an ANSI escape in --out do not reach the terminal raw', async () => {
    const out = join(scratch(), 'o\nerror: forged\u001b[31m');
    const r = await runMain(['synth', '--input', EXAMPLE, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.split('\n')[0]).toMatch(/o\\nerror: forged\\u001b\[31m: 42 file\(s\); 42 added/);
    expect(r.stdout).not.toContain('\u001b');
  });
});

describe('synth | no silent wipe', () => {
  test('an empty input directory against a full --out is refused; --allow-empty permits it', () => {
    const dir = scratch();
    mkdirSync(join(dir, 'empty'));
    const out = fullOut(dir);
    const before = state(out);
    const r = tg(['synth', '--input', 'empty', '--out', 'out'], dir);
    expectRefused(
      r,
      /^error: the input holds no ToolGateway, ToolRoute, ToolServer, Guard or GuardrailProvider \(is the --input path right\?\); pass --allow-empty to write an output without them$/,
      true,
    );
    expect(r.stderr).toContain('warning: input "empty" holds no *.yaml or *.yml files');
    expect(state(out)).toStrictEqual(before);
    // --allow-empty lifts this refusal only; wiping the whole output still needs --prune-ok.
    expect(tg(['synth', '--input', 'empty', '--out', 'out', '--allow-empty'], dir).stderr).toMatch(
      /refusing to delete \d+ of the \d+ previously generated files/,
    );
    expect(state(out)).toStrictEqual(before);
    const allowed = tg(['synth', '--input', 'empty', '--out', 'out', '--allow-empty', '--prune-ok'], dir);
    expect(allowed.code, allowed.stderr).toBe(0);
    expect(allowed.stderr).toContain('warning: the input holds no ToolGateway');
  });

  test('a file holding only comments is an empty input', () => {
    const dir = scratch();
    writeFileSync(join(dir, 'intent.yaml'), '# TODO: add the gateways\n---\n# nothing yet\n');
    expectRefused(tg(['synth', '--input', 'intent.yaml', '--out', 'out'], dir), /^error: the input holds no ToolGateway/, true);
    expect(readdirSync(dir)).toStrictEqual(['intent.yaml']);
  });

  test('--out equal to, inside, or containing --input is refused by real path', () => {
    const dir = scratch();
    cpSync(EXAMPLE, join(dir, 'in'), { recursive: true });
    symlinkSync('in', join(dir, 'alias'));
    const before = state(join(dir, 'in'));
    expectRefused(
      tg(['synth', '--input', 'in', '--out', 'alias'], dir),
      /^error: --out "alias" is the same directory as --input "in"; write the output elsewhere; nothing was written$/,
    );
    expectRefused(
      tg(['synth', '--input', 'in', '--out', 'in/../alias/out'], dir),
      /^error: --out "in\/\.\.\/alias\/out" is inside --input "in"; the next run would read/,
    );
    expectRefused(
      tg(['synth', '--input', 'in/team-a.yaml', '--out', '.'], dir),
      /^error: --out "\." contains --input "in\/team-a\.yaml"; the input would become part of the output/,
    );
    expect(state(join(dir, 'in'))).toStrictEqual(before);
  });

  test('deleting more than --max-prune of the generated files is refused with the count and names; --prune-ok permits', () => {
    const dir = scratch();
    const out = fullOut(dir);
    mkdirSync(join(dir, 'in'));
    cpSync(join(EXAMPLE, 'platform.yaml'), join(dir, 'in/platform.yaml'));
    const before = state(out);
    // Half of them: more than a limit of 40%.
    expectRefused(
      tg(['synth', '--input', 'in', '--out', 'out', '--max-prune', '40'], dir),
      /^error: refusing to delete 21 of the 42 previously generated files in "out" \(50%, more than the limit of 40%\): "team-a\/[^"]+", "team-a\/[^"]+", "team-a\/[^"]+", "team-a\/[^"]+", "team-a\/[^"]+" and 16 more; nothing was written; pass --prune-ok if that is intended, or raise --max-prune$/,
    );
    expect(state(out)).toStrictEqual(before);
    const raised = tg(['synth', '--input', 'in', '--out', 'out', '--max-prune', '60', '--check'], dir);
    expect(raised.code).toBe(1); // --check never prunes, and reports what would change
    const ok = tg(['synth', '--input', 'in', '--out', 'out', '--prune-ok'], dir);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/21 removed/);
  });
});

describe('validate and explain read by the same rules', () => {
  test('validate refuses a FIFO and an oversized file; explain --manifests refuses a symlink loop', () => {
    const dir = scratch();
    mkdirSync(join(dir, 'm'));
    spawnSync('mkfifo', [join(dir, 'm/pipe.yaml')]);
    const fifo = tg(['validate', 'm'], dir);
    expect(fifo.code).toBe(1);
    expect(fifo.stderr.trimEnd().split('\n')).toStrictEqual([
      'm/pipe.yaml: error: is a FIFO, not a regular file; only regular files are read',
      '1 error(s); the manifests would be rejected',
    ]);
    rmSync(join(dir, 'm/pipe.yaml'));
    writeFileSync(join(dir, 'm/big.yaml'), `# ${'x'.repeat(100)}\n`);
    const r = tg(['validate', 'm', '--max-file-size', '64'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('m/big.yaml: error: is 103 bytes, more than the limit of 64 bytes per input file');
    symlinkSync('a.yaml', join(dir, 'm/b.yaml'));
    symlinkSync('b.yaml', join(dir, 'm/a.yaml'));
    const e = tg(['explain', 'team-a/deployment/weather', '--manifests', 'm'], dir);
    expect(e.code).toBe(1);
    expect(e.stderr).toContain('m/a.yaml: error: is a symlink loop');
    expect(e.stderr).not.toMatch(/\n\s+at /);
  });

  test('--help lists the new flags', () => {
    const r = tg(['--help'], process.cwd());
    for (const flag of ['--max-file-size', '--allow-empty', '--max-prune', '--prune-ok']) expect(r.stdout).toContain(flag);
  });
});

describe('a reader that closes the pipe early', () => {
  test('costs no stack trace, and synth still swaps in its output and leaves no temp tree', () => {
    const dir = scratch();
    const out = join(dir, 'out');
    // `true` exits without reading, long before node has started, so every write meets a closed pipe.
    const r = spawnSync('sh', ['-c', `"${process.execPath}" "${BIN}" synth --input "${EXAMPLE}" --out "${out}" 2>err.txt | true`], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(r.status).toBe(0);
    expect(readFileSync(join(dir, 'err.txt'), 'utf8')).toBe('');
    expect(state(out).tree).toStrictEqual(state(base).tree);
    expect(readdirSync(dir).sort()).toStrictEqual(['err.txt', 'out']);
  });
});
