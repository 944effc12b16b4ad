import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GENERATED_HEADER } from '../../src/emit/file-layout.js';
import { OutputError } from '../../src/emit/output-error.js';
import { describePlan, planOutput, stageOutput, writeOutput, type OutputFs, type OutputPlan } from '../../src/emit/write-output.js';

/** Content as `layoutFiles` makes it. */
function ours(body: string): string {
  return `${GENERATED_HEADER}\n${body}\n`;
}

const PAST = new Date('2020-01-01T00:00:00Z');

let root: string;
let outdir: string;

beforeEach(() => {
  // Each test gets a parent of its own, so "no temp sibling left behind" is checkable.
  root = fs.mkdtempSync(join(tmpdir(), 'tg-write-output-'));
  outdir = join(root, 'dist');
});

afterEach(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

/** Writes files directly (not through writeOutput) and backdates them, so any later touch shows in mtimes. */
function seed(dir: string, files: Record<string, string>): void {
  for (const [path, content] of Object.entries(files)) {
    const abs = join(dir, path);
    fs.mkdirSync(dirname(abs), { recursive: true });
    fs.writeFileSync(abs, content);
    fs.utimesSync(abs, PAST, PAST);
  }
}

interface Snapshot {
  [path: string]: { type: string; mode: number; mtimeMs: number; content?: string };
}

/** Every entry under `dir` with type, mode, mtime and content. */
function snapshot(dir: string): Snapshot {
  const out: Snapshot = {};
  const walk = (rel: string): void => {
    for (const name of fs.readdirSync(join(dir, rel)).sort()) {
      const childRel = rel ? `${rel}/${name}` : name;
      const abs = join(dir, childRel);
      const st = fs.lstatSync(abs);
      const type = st.isDirectory() ? 'dir' : st.isSymbolicLink() ? 'symlink' : st.isFile() ? 'file' : 'other';
      out[childRel] = { type, mode: st.mode & 0o7777, mtimeMs: type === 'dir' ? 0 : st.mtimeMs };
      if (type === 'file') out[childRel].content = fs.readFileSync(abs, 'utf8');
      if (type === 'symlink') out[childRel].content = fs.readlinkSync(abs);
      if (type === 'dir') walk(childRel);
    }
  };
  walk('');
  return out;
}

function files(entries: Record<string, string>): Map<string, string> {
  return new Map(Object.entries(entries));
}

const EMPTY_PLAN: OutputPlan = { added: [], changed: [], removed: [], unchanged: [] };

/** Against seedMixedTree(): one file kept, one changed, one added, and team-old's file gone. */
function mixedUpdate(): Map<string, string> {
  return files({
    'team-a/httproute-tg-weather.yaml': ours('kind: HTTPRoute'),
    'team-a/service-tg-weather.yaml': ours('kind: Service\nspec: {}'),
    'team-b/configmap-new.yaml': ours('kind: ConfigMap'),
  });
}

const MIXED_UPDATE_PLAN: OutputPlan = {
  added: ['team-b/configmap-new.yaml'],
  changed: ['team-a/service-tg-weather.yaml'],
  removed: ['team-old/service-gone.yaml'],
  unchanged: ['team-a/httproute-tg-weather.yaml'],
};

/** The starting tree most tests use: three files of ours and some of the user's. */
function seedMixedTree(): void {
  seed(outdir, {
    'team-a/httproute-tg-weather.yaml': ours('kind: HTTPRoute'),
    'team-a/service-tg-weather.yaml': ours('kind: Service'),
    'team-old/service-gone.yaml': ours('kind: Service'),
    'README.md': '# deployed by Argo CD\n',
    'notes.yaml': '# hand-written, no header\nkind: Note\n',
    'team-a/extra.yaml': 'kind: ConfigMap # added by hand\n',
    'docs/deep/guide.md': 'guide\n',
    'not-yaml.txt': `${GENERATED_HEADER}\nlooks like ours but is not *.yaml\n`,
    '.argocd-source-tools.yaml': 'helm: {}\n',
  });
}

describe('planOutput', () => {
  it('lists everything as added when outdir does not exist', () => {
    const plan = planOutput(outdir, files({ 'b/x.yaml': ours('b'), 'a/y.yaml': ours('a') }));
    expect(plan).toEqual({ added: ['a/y.yaml', 'b/x.yaml'], changed: [], removed: [], unchanged: [] });
  });

  it('classifies added, changed, removed and unchanged files', () => {
    seedMixedTree();
    const plan = planOutput(outdir, mixedUpdate());
    expect(plan).toEqual(MIXED_UPDATE_PLAN);
  });

  it('never lists files it does not own as removed', () => {
    seedMixedTree();
    const plan = planOutput(outdir, new Map());
    expect(plan.removed).toEqual(['team-a/httproute-tg-weather.yaml', 'team-a/service-tg-weather.yaml', 'team-old/service-gone.yaml']);
    for (const userFile of [
      'README.md',
      'notes.yaml',
      'team-a/extra.yaml',
      'docs/deep/guide.md',
      'not-yaml.txt',
      '.argocd-source-tools.yaml',
    ]) {
      expect(plan.removed).not.toContain(userFile);
    }
  });

  it('only owns files whose first line is exactly the header', () => {
    seed(outdir, {
      'a.yaml': `${GENERATED_HEADER}\nx: 1\n`,
      'b.yaml': `${GENERATED_HEADER}\r\nx: 1\r\n`,
      'c.yaml': GENERATED_HEADER,
      'd.yaml': `${GENERATED_HEADER} (edited)\nx: 1\n`,
      'e.yaml': `\n${GENERATED_HEADER}\nx: 1\n`,
      'f.yaml': ` ${GENERATED_HEADER}\n`,
      'g.yml': `${GENERATED_HEADER}\n`,
      'h.yaml': '# Generated by cdk8s-tool-gateway.\n',
    });
    expect(planOutput(outdir, new Map()).removed).toEqual(['a.yaml', 'b.yaml', 'c.yaml']);
  });

  it('reports a one-byte change in an existing file as changed', () => {
    const content = ours('apiVersion: v1\nkind: ConfigMap\ndata:\n  port: "8080"');
    seed(outdir, { 'team-a/configmap-x.yaml': content.replace('8080', '8081') });
    expect(planOutput(outdir, files({ 'team-a/configmap-x.yaml': content })).changed).toEqual(['team-a/configmap-x.yaml']);
    seed(outdir, { 'team-a/configmap-x.yaml': content });
    expect(planOutput(outdir, files({ 'team-a/configmap-x.yaml': content })).unchanged).toEqual(['team-a/configmap-x.yaml']);
  });

  it('lists hand-edited files of ours, and user files it would overwrite, as changed', () => {
    seed(outdir, {
      'team-a/service-x.yaml': ours('kind: Service\n# tweaked by hand'),
      'team-a/configmap-y.yaml': 'hand-written without header\n',
    });
    const plan = planOutput(
      outdir,
      files({ 'team-a/service-x.yaml': ours('kind: Service'), 'team-a/configmap-y.yaml': ours('kind: ConfigMap') }),
    );
    expect(plan.changed).toEqual(['team-a/configmap-y.yaml', 'team-a/service-x.yaml']);
  });

  it('counts CRLF line endings and a missing trailing newline as changed, since it writes LF', () => {
    seed(outdir, { 'a.yaml': `${GENERATED_HEADER}\r\nx: 1\r\n`, 'b.yaml': `${GENERATED_HEADER}\nx: 1` });
    const plan = planOutput(outdir, files({ 'a.yaml': ours('x: 1'), 'b.yaml': ours('x: 1') }));
    expect(plan.changed).toEqual(['a.yaml', 'b.yaml']);
  });

  it('compares against normalised content (CRLF in, LF out; trailing newline added)', () => {
    seed(outdir, { 'a.yaml': ours('x: 1') });
    expect(planOutput(outdir, files({ 'a.yaml': `${GENERATED_HEADER}\r\nx: 1` })).unchanged).toEqual(['a.yaml']);
  });

  it('counts an executable file as changed (git records the bit)', () => {
    seed(outdir, { 'a.yaml': ours('x: 1') });
    fs.chmodSync(join(outdir, 'a.yaml'), 0o755);
    expect(planOutput(outdir, files({ 'a.yaml': ours('x: 1') })).changed).toEqual(['a.yaml']);
  });

  it.each<[string, Map<string, string>, RegExp]>([
    ['an absolute path', files({ '/etc/x.yaml': ours('x') }), /must be a relative POSIX path/],
    ['a .. segment', files({ 'a/../../x.yaml': ours('x') }), /must be a relative POSIX path/],
    ['an empty segment', files({ 'a//x.yaml': ours('x') }), /must be a relative POSIX path/],
    ['a backslash', files({ 'a\\x.yaml': ours('x') }), /must be a relative POSIX path/],
    ['a non-.yaml file', files({ 'README.md': ours('x') }), /ending in \.yaml/],
    ['content without the header', files({ 'a.yaml': 'x: 1\n' }), /must start with the generated-file header/],
    ['non-string content', new Map([['a.yaml', 42 as unknown as string]]), /a\.yaml: content must be a string, got number/],
    ['a file inside another', files({ 'a.yaml': ours('x'), 'a.yaml/b.yaml': ours('y') }), /a\.yaml\/b\.yaml is inside output file a\.yaml/],
  ])('rejects %s', (_, input, error) => {
    expect(() => planOutput(outdir, input)).toThrow(error);
  });

  it('rejects an outdir that is a file', () => {
    fs.writeFileSync(outdir, 'x');
    expect(() => planOutput(outdir, new Map())).toThrow(/exists and is not a directory/);
  });

  it('rejects writing over a directory or through a user file', () => {
    seed(outdir, { 'a.yaml/inner.txt': 'x', 'team-a': 'a user file named like a namespace' });
    expect(() => planOutput(outdir, files({ 'a.yaml': ours('x') }))).toThrow(/a directory with that name is in the way/);
    expect(() => planOutput(outdir, files({ 'team-a/x.yaml': ours('x') }))).toThrow(/dist\/team-a" is not a directory/);
  });
});

describe('planOutput | --check', () => {
  it('writes nothing: same listing, modes and mtimes before and after, no temp sibling', () => {
    seedMixedTree();
    const beforeTree = snapshot(outdir);
    const beforeParent = fs.readdirSync(root).sort();
    const wanted = files({ 'team-a/service-tg-weather.yaml': ours('changed'), 'team-z/new.yaml': ours('new') });
    const plan = planOutput(outdir, wanted);
    expect(plan).toEqual({
      added: ['team-z/new.yaml'],
      changed: ['team-a/service-tg-weather.yaml'],
      removed: ['team-a/httproute-tg-weather.yaml', 'team-old/service-gone.yaml'],
      unchanged: [],
    });
    expect(snapshot(outdir)).toStrictEqual(beforeTree);
    expect(fs.readdirSync(root).sort()).toEqual(beforeParent);
    // ...and it is exactly what writeOutput then does.
    expect(writeOutput(outdir, wanted, { pruneOk: true })).toEqual(plan);
  });

  it('does not create a missing outdir', () => {
    planOutput(outdir, files({ 'a.yaml': ours('x') }));
    expect(fs.existsSync(outdir)).toBe(false);
    expect(fs.readdirSync(root)).toEqual([]);
  });
});

describe('writeOutput', () => {
  it('creates outdir (and missing parents) with exactly the files, LF-terminated, mode 0644', () => {
    const nested = join(root, 'deep', 'er', 'dist');
    const plan = writeOutput(nested, files({ 'team-a/x.yaml': ours('x: 1'), '_cluster/ns.yaml': `${GENERATED_HEADER}\r\ny: 2` }));
    expect(plan).toEqual({ added: ['_cluster/ns.yaml', 'team-a/x.yaml'], changed: [], removed: [], unchanged: [] });
    const tree = snapshot(nested);
    expect(Object.keys(tree)).toEqual(['_cluster', '_cluster/ns.yaml', 'team-a', 'team-a/x.yaml']);
    expect(tree['team-a/x.yaml']).toMatchObject({ type: 'file', mode: 0o644, content: ours('x: 1') });
    expect(tree['_cluster/ns.yaml']?.content).toBe(`${GENERATED_HEADER}\ny: 2\n`);
    expect(fs.statSync(nested).mode & 0o777).toBe(0o755);
    expect(fs.readdirSync(join(root, 'deep', 'er'))).toEqual(['dist']);
  });

  it('writes 0644 files whatever the umask', () => {
    const previous = process.umask(0o077);
    try {
      writeOutput(outdir, files({ 'a/x.yaml': ours('x') }));
    } finally {
      process.umask(previous);
    }
    expect(fs.statSync(join(outdir, 'a/x.yaml')).mode & 0o777).toBe(0o644);
  });

  it('replaces stale files, keeps non-owned ones untouched, and leaves no temp or old tree behind', () => {
    seedMixedTree();
    fs.symlinkSync('README.md', join(outdir, 'LINK.md'));
    fs.lutimesSync(join(outdir, 'LINK.md'), PAST, PAST);
    fs.mkdirSync(join(outdir, 'empty-dir'));
    fs.chmodSync(join(outdir, 'docs/deep/guide.md'), 0o600);
    const before = snapshot(outdir);

    const plan = writeOutput(outdir, mixedUpdate());
    expect(plan).toEqual(MIXED_UPDATE_PLAN);

    const after = snapshot(outdir);
    expect(Object.keys(after).sort()).toEqual(
      [
        '.argocd-source-tools.yaml',
        'LINK.md',
        'README.md',
        'docs',
        'docs/deep',
        'docs/deep/guide.md',
        'empty-dir',
        'not-yaml.txt',
        'notes.yaml',
        'team-a',
        'team-a/extra.yaml',
        'team-a/httproute-tg-weather.yaml',
        'team-a/service-tg-weather.yaml',
        'team-b',
        'team-b/configmap-new.yaml',
      ].sort(),
    );
    // The namespace directory that only held our (now removed) file is gone.
    expect(after['team-old']).toBeUndefined();
    // Non-owned entries keep content, mode and mtime.
    for (const kept of [
      'README.md',
      'notes.yaml',
      'team-a/extra.yaml',
      'docs/deep/guide.md',
      'not-yaml.txt',
      '.argocd-source-tools.yaml',
      'LINK.md',
    ]) {
      expect(after[kept]).toStrictEqual(before[kept]);
    }
    expect(after['team-a/service-tg-weather.yaml']?.content).toBe(ours('kind: Service\nspec: {}'));
    expect(fs.readdirSync(root)).toEqual(['dist']);
  });

  it('touches nothing when nothing changed', () => {
    seed(outdir, { 'a/x.yaml': ours('x'), 'README.md': 'hi\n' });
    const before = snapshot(outdir);
    const inode = fs.statSync(outdir).ino;
    expect(writeOutput(outdir, files({ 'a/x.yaml': ours('x') }))).toEqual({ ...EMPTY_PLAN, unchanged: ['a/x.yaml'] });
    expect(snapshot(outdir)).toStrictEqual(before);
    expect(fs.statSync(outdir).ino).toBe(inode);
  });

  it('is idempotent: a second identical write is all unchanged', () => {
    const wanted = files({ 'a/x.yaml': ours('x'), 'b/y.yaml': ours('y') });
    writeOutput(outdir, wanted);
    expect(writeOutput(outdir, wanted)).toEqual({ ...EMPTY_PLAN, unchanged: ['a/x.yaml', 'b/y.yaml'] });
  });

  it('keeps the permissions of the existing outdir', () => {
    seed(outdir, { 'a.yaml': ours('old') });
    fs.chmodSync(outdir, 0o750);
    writeOutput(outdir, files({ 'a.yaml': ours('new') }));
    expect(fs.statSync(outdir).mode & 0o777).toBe(0o750);
  });

  it('writes through a symlinked outdir, keeping the link', () => {
    const real = join(root, 'real-dist');
    seed(real, { 'a.yaml': ours('old') });
    fs.symlinkSync(real, outdir);
    writeOutput(outdir, files({ 'a.yaml': ours('new') }));
    expect(fs.lstatSync(outdir).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(join(real, 'a.yaml'), 'utf8')).toBe(ours('new'));
    expect(fs.readdirSync(root).sort()).toEqual(['dist', 'real-dist']);
  });

  it('rejects non-string content before touching the disk', () => {
    seedMixedTree();
    const before = snapshot(outdir);
    const bad = new Map<string, string>([
      ['a.yaml', ours('fine')],
      ['b.yaml', { not: 'a string' } as unknown as string],
    ]);
    expect(() => writeOutput(outdir, bad, { pruneOk: true })).toThrow(/b\.yaml: content must be a string, got object/);
    expect(snapshot(outdir)).toStrictEqual(before);
    expect(fs.readdirSync(root)).toEqual(['dist']);
  });

  /** Real fs, except that the `nth` call of `method` throws. */
  function failingFs(method: keyof OutputFs, nth: number): OutputFs & { calls: string[] } {
    const calls: string[] = [];
    let count = 0;
    const wrapped = { calls } as OutputFs & { calls: string[] };
    for (const name of [
      'accessSync',
      'statfsSync',
      'mkdtempSync',
      'mkdirSync',
      'writeFileSync',
      'chmodSync',
      'copyFileSync',
      'symlinkSync',
      'utimesSync',
      'lutimesSync',
      'renameSync',
      'rmSync',
    ] as const) {
      (wrapped as unknown as Record<string, unknown>)[name] = (...args: unknown[]): unknown => {
        calls.push(`${name} ${args.map((a) => (typeof a === 'string' ? basename(a) : JSON.stringify(a))).join(' ')}`);
        if (name === method && ++count === nth) throw new Error(`injected ${name} failure`);
        return (fs[name] as (...a: unknown[]) => unknown)(...args);
      };
    }
    return wrapped;
  }

  it.each<[keyof OutputFs, number, string]>([
    ['writeFileSync', 2, 'the second file write'],
    ['copyFileSync', 1, 'copying a non-owned file'],
    ['chmodSync', 1, 'fixing the temp dir mode'],
    ['renameSync', 1, 'moving the old tree aside'],
    ['renameSync', 2, 'moving the new tree in (old tree is put back)'],
  ])('leaves the previous tree untouched when %s call %i fails (%s)', (method, nth) => {
    seedMixedTree();
    const before = snapshot(outdir);
    const injected = failingFs(method, nth);
    expect(() =>
      writeOutput(
        outdir,
        files({ 'team-a/service-tg-weather.yaml': ours('new'), 'team-z/a.yaml': ours('a'), 'team-z/b.yaml': ours('b') }),
        { fs: injected, pruneOk: true },
      ),
    ).toThrow(`injected ${method} failure`);
    expect(snapshot(outdir)).toStrictEqual(before);
    // The temp directory was removed, and no `.old-` tree is left behind.
    expect(fs.readdirSync(root)).toEqual(['dist']);
    expect(injected.calls.some((c) => c.startsWith('rmSync dist.tmp-'))).toBe(true);
  });

  it('builds the whole tree in a temp sibling and swaps it in with renames', () => {
    seed(outdir, { 'a.yaml': ours('old') });
    const recorder = failingFs('rmSync', Number.POSITIVE_INFINITY);
    writeOutput(outdir, files({ 'a.yaml': ours('new') }), { fs: recorder });
    const renames = recorder.calls.filter((c) => c.startsWith('renameSync'));
    expect(renames).toHaveLength(2);
    expect(renames[0]).toMatch(/^renameSync dist dist\.old-[0-9a-f]+$/);
    expect(renames[1]).toMatch(/^renameSync dist\.tmp-\w+ dist$/);
    // Every file was written before the first rename.
    const firstRename = recorder.calls.findIndex((c) => c.startsWith('renameSync'));
    const lastWrite = recorder.calls.map((c) => c.startsWith('writeFileSync')).lastIndexOf(true);
    expect(lastWrite).toBeLessThan(firstRename);
    expect(recorder.calls.at(-1)).toMatch(/^rmSync dist\.old-/);
    expect(fs.readdirSync(root)).toEqual(['dist']);
  });

  it('writes each file with one call naming its mode and encoding, so Node writes the string natively', () => {
    const recorder = failingFs('rmSync', Number.POSITIVE_INFINITY);
    writeOutput(outdir, files({ 'a.yaml': ours('a'), 'team-a/b.yaml': ours('b ünïcode') }), { fs: recorder });
    const writes = recorder.calls.filter((c) => c.startsWith('writeFileSync'));
    expect(writes).toHaveLength(2);
    for (const call of writes) expect(call).toMatch(/ \{"mode":420,"encoding":"utf8"\}$/);
    expect(fs.readFileSync(join(outdir, 'team-a/b.yaml'), 'utf8')).toBe(ours('b ünïcode'));
  });

  it('reports when the old tree cannot be removed after a successful swap', () => {
    seed(outdir, { 'a.yaml': ours('old') });
    const injected = failingFs('rmSync', 1);
    expect(() => writeOutput(outdir, files({ 'a.yaml': ours('new') }), { fs: injected })).toThrow(
      /wrote .*dist", but could not remove the previous tree at .*dist\.old-/,
    );
    expect(fs.readFileSync(join(outdir, 'a.yaml'), 'utf8')).toBe(ours('new'));
  });
});

describe('describePlan', () => {
  it('gives one line per change in path order, skipping unchanged files', () => {
    const plan: OutputPlan = {
      added: ['team-a/httproute-tg-weather.yaml', 'team-b/x.yaml'],
      changed: ['team-a/service-tg-weather.yaml'],
      removed: ['_cluster/namespace-old.yaml'],
      unchanged: ['team-a/configmap-same.yaml'],
    };
    expect(describePlan(plan)).toEqual([
      '  - _cluster/namespace-old.yaml',
      '  + team-a/httproute-tg-weather.yaml',
      '  ~ team-a/service-tg-weather.yaml',
      '  + team-b/x.yaml',
    ]);
    expect(describePlan(EMPTY_PLAN)).toEqual([]);
  });
});

describe('stageOutput', () => {
  it('builds the new tree beside outdir and swaps it in only on commit', () => {
    seed(outdir, { 'a.yaml': ours('old'), 'README.md': 'mine\n' });
    const before = snapshot(outdir);
    const staged = stageOutput(outdir, new Map([['a.yaml', ours('new')]]));
    expect(staged.plan.changed).toEqual(['a.yaml']);
    expect(snapshot(outdir)).toStrictEqual(before);
    expect(fs.readdirSync(root).filter((n) => n.startsWith('dist.tmp-'))).toHaveLength(1);
    staged.commit();
    expect(fs.readFileSync(join(outdir, 'a.yaml'), 'utf8')).toBe(ours('new'));
    expect(fs.readFileSync(join(outdir, 'README.md'), 'utf8')).toBe('mine\n');
    expect(fs.readdirSync(root)).toEqual(['dist']);
  });

  it('leaves outdir exactly as it was, and no temp tree, on discard; commit after discard does nothing', () => {
    seed(outdir, { 'a.yaml': ours('old') });
    const before = snapshot(outdir);
    const staged = stageOutput(
      outdir,
      new Map([
        ['a.yaml', ours('new')],
        ['b/c.yaml', ours('c')],
      ]),
    );
    staged.discard();
    staged.commit();
    expect(snapshot(outdir)).toStrictEqual(before);
    expect(fs.readdirSync(root)).toEqual(['dist']);
  });

  it('creates nothing for an outdir that does not exist yet until commit', () => {
    const staged = stageOutput(outdir, new Map([['a.yaml', ours('a')]]));
    expect(fs.existsSync(outdir)).toBe(false);
    staged.discard();
    expect(fs.readdirSync(root)).toEqual([]);
  });
});

describe('rendering files on demand', () => {
  /** Files whose content is rendered by a function, with a count of calls per path. */
  function counted(files: Record<string, string>): { files: Map<string, () => string>; calls: Map<string, number> } {
    const calls = new Map<string, number>();
    const lazy = new Map(
      Object.entries(files).map(([path, content]) => [
        path,
        () => {
          calls.set(path, (calls.get(path) ?? 0) + 1);
          return content;
        },
      ]),
    );
    return { files: lazy, calls };
  }

  it('renders each file once when writing into a fresh directory', () => {
    const { files, calls } = counted({ 'a.yaml': ours('a'), 'b/c.yaml': ours('c') });
    writeOutput(outdir, files);
    expect(Object.fromEntries(calls)).toStrictEqual({ 'a.yaml': 1, 'b/c.yaml': 1 });
    expect(fs.readFileSync(join(outdir, 'b/c.yaml'), 'utf8')).toBe(ours('c'));
  });

  it('renders each file once when rewriting a tree where one file changed', () => {
    seed(outdir, { 'a.yaml': ours('a'), 'b.yaml': ours('old') });
    const { files, calls } = counted({ 'a.yaml': ours('a'), 'b.yaml': ours('new'), 'c.yaml': ours('c') });
    const plan = writeOutput(outdir, files);
    expect(plan).toMatchObject({ added: ['c.yaml'], changed: ['b.yaml'], unchanged: ['a.yaml'] });
    expect(Object.fromEntries(calls)).toStrictEqual({ 'a.yaml': 1, 'b.yaml': 1, 'c.yaml': 1 });
  });

  it('--check renders files that do not exist yet, so it fails on the content errors a write would', () => {
    const files = new Map<string, () => string>([['a.yaml', () => 'no header\n']]);
    expect(() => planOutput(outdir, files)).toThrow('output file a.yaml: content must start with the generated-file header line');
    expect(() => writeOutput(outdir, files)).toThrow('output file a.yaml: content must start with the generated-file header line');
    expect(fs.readdirSync(root)).toEqual([]);
  });
});

/** The real file system, with some calls replaced. */
function realFsWith(overrides: Partial<OutputFs>): OutputFs {
  const real: OutputFs = {
    accessSync: (p, m) => fs.accessSync(p, m),
    statfsSync: (p) => fs.statfsSync(p),
    mkdtempSync: (p) => fs.mkdtempSync(p),
    mkdirSync: (p, o) => fs.mkdirSync(p, o),
    writeFileSync: (p, d, o) => fs.writeFileSync(p, d, o),
    chmodSync: (p, m) => fs.chmodSync(p, m),
    copyFileSync: (s, d) => fs.copyFileSync(s, d),
    symlinkSync: (t, p) => fs.symlinkSync(t, p),
    utimesSync: (p, a, m) => fs.utimesSync(p, a, m),
    lutimesSync: (p, a, m) => fs.lutimesSync(p, a, m),
    renameSync: (a, b) => fs.renameSync(a, b),
    rmSync: (p, o) => fs.rmSync(p, o),
  };
  return { ...real, ...overrides };
}

/** A Node-style system error. */
function systemError(code: string, path: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: injected, '${path}'`), { code, path });
}

describe('writeOutput | checks before touching outdir', () => {
  const update = (): Map<string, string> =>
    files({ 'team-a/httproute-tg-weather.yaml': ours('kind: HTTPRoute'), 'team-a/service-tg-weather.yaml': ours('changed') });

  /** Runs a write that must fail with an OutputError matching `message`, and leave the tree and its parent as they were. */
  function expectRefused(write: () => unknown, message: RegExp): void {
    const before = snapshot(outdir);
    let thrown: unknown;
    try {
      write();
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(OutputError);
    expect((thrown as Error).message).toMatch(message);
    expect((thrown as Error).message).not.toContain('\n');
    expect(snapshot(outdir)).toStrictEqual(before);
    expect(fs.readdirSync(root)).toEqual(['dist']);
  }

  it('refuses a read-only directory inside outdir, which could not be removed after the swap', () => {
    seedMixedTree();
    const readOnly = join(fs.realpathSync(outdir), 'team-a');
    const injected = realFsWith({
      accessSync: (p, m) => {
        if (p === readOnly && m & fs.constants.W_OK) throw systemError('EACCES', p);
        fs.accessSync(p, m);
      },
    });
    expectRefused(
      () => writeOutput(outdir, update(), { fs: injected, pruneOk: true }),
      /^cannot replace the output directory ".*dist": ".*dist\/team-a" is not writable \(permission denied\); .*; nothing was written$/,
    );
  });

  it('refuses a parent directory it cannot write to', () => {
    seedMixedTree();
    const parent = fs.realpathSync(root);
    const injected = realFsWith({
      accessSync: (p, m) => {
        if (p === parent) throw systemError('EACCES', p);
        fs.accessSync(p, m);
      },
    });
    expectRefused(
      () => writeOutput(outdir, update(), { fs: injected, pruneOk: true }),
      /its parent ".*" is not writable \(permission denied\); nothing was written$/,
    );
  });

  it('refuses when the file system has less room than the files it must copy', () => {
    seedMixedTree();
    const injected = realFsWith({ statfsSync: () => ({ bavail: 1, bsize: 8 }) });
    expectRefused(
      () => writeOutput(outdir, update(), { fs: injected, pruneOk: true }),
      /^not enough free space for the output directory ".*dist": it needs at least \d+ bytes, 8 are available in ".*"; nothing was written$/,
    );
  });

  it('refuses a FIFO it would have to carry over, without opening it', () => {
    seedMixedTree();
    execFileSync('mkfifo', [join(outdir, 'pipe.yaml')]);
    expectRefused(
      () => writeOutput(outdir, update(), { pruneOk: true }),
      /^cannot keep ".*dist\/pipe\.yaml" in the output directory: it is a FIFO, .*; nothing was written$/,
    );
  });

  it('turns a full disk while building into one line, and removes the temp tree and the parents it created', () => {
    const nested = join(root, 'deep', 'dist');
    const injected = realFsWith({
      writeFileSync: (p) => {
        throw systemError('ENOSPC', p);
      },
    });
    expect(() => writeOutput(nested, update(), { fs: injected })).toThrow(
      /^cannot build the new ".*dist"; nothing was changed; failed at ".*": no space left on device$/,
    );
    expect(fs.readdirSync(root)).toEqual([]);
  });

  it('puts the exact previous tree back when moving the new tree in fails, and leaves no temp tree', () => {
    seedMixedTree();
    fs.symlinkSync('README.md', join(outdir, 'LINK.md'));
    let renames = 0;
    const injected = realFsWith({
      renameSync: (a, b) => {
        if (++renames === 2) throw systemError('EBUSY', b);
        fs.renameSync(a, b);
      },
    });
    expectRefused(
      () => writeOutput(outdir, update(), { fs: injected, pruneOk: true }),
      /^could not swap in the new ".*dist": resource busy; the previous tree was put back$/,
    );
  });

  it('says where the previous tree is when it cannot even be put back', () => {
    seedMixedTree();
    let renames = 0;
    const injected = realFsWith({
      renameSync: (a, b) => {
        if (++renames >= 2) throw systemError('EIO', b);
        fs.renameSync(a, b);
      },
    });
    expect(() => writeOutput(outdir, update(), { fs: injected, pruneOk: true })).toThrow(
      /^could not swap in the new ".*dist" \(input\/output error\) nor restore the previous tree from ".*dist\.old-[0-9a-f]+" \(input\/output error\); move it back by hand$/,
    );
  });

  it('removes a temp tree whose first removal fails (a read-only directory inside it)', () => {
    seedMixedTree();
    let removals = 0;
    const injected = realFsWith({
      rmSync: (p, o) => {
        if (++removals === 1) throw systemError('EACCES', p);
        fs.rmSync(p, o);
      },
    });
    const staged = stageOutput(outdir, update(), { fs: injected, pruneOk: true });
    expect(fs.readdirSync(root)).toHaveLength(2);
    staged.discard();
    expect(fs.readdirSync(root)).toEqual(['dist']);
  });

  it('removes the parent directories it created when the staged tree is discarded', () => {
    const staged = stageOutput(join(root, 'a', 'b', 'dist'), update());
    expect(fs.existsSync(join(root, 'a', 'b'))).toBe(true);
    staged.discard();
    expect(fs.readdirSync(root)).toEqual([]);
  });
});

describe('writeOutput | prune guard', () => {
  /** Seeds `n` files of ours, a-00.yaml ... */
  function seedOurs(n: number): void {
    seed(outdir, Object.fromEntries(Array.from({ length: n }, (_, i) => [`team/f-${String(i).padStart(2, '0')}.yaml`, ours(`n: ${i}`)])));
  }
  const keep = (n: number): Map<string, string> =>
    files(Object.fromEntries(Array.from({ length: n }, (_, i) => [`team/f-${String(i).padStart(2, '0')}.yaml`, ours(`n: ${i}`)])));

  it('refuses to delete more than half of the previously generated files, naming how many and which', () => {
    seedOurs(10);
    fs.writeFileSync(join(outdir, 'README.md'), 'not ours, not counted\n');
    const before = snapshot(outdir);
    expect(() => writeOutput(outdir, keep(3))).toThrow(
      new OutputError(
        `refusing to delete 7 of the 10 previously generated files in ${JSON.stringify(outdir)} (70%, more than the limit of 50%): ` +
          '"team/f-03.yaml", "team/f-04.yaml", "team/f-05.yaml", "team/f-06.yaml", "team/f-07.yaml" and 2 more; ' +
          'nothing was written; pass --prune-ok if that is intended, or raise --max-prune',
      ),
    );
    expect(snapshot(outdir)).toStrictEqual(before);
    expect(fs.readdirSync(root)).toEqual(['dist']);
  });

  it('allows exactly the limit, a raised limit, and any share with pruneOk', () => {
    seedOurs(10);
    expect(writeOutput(outdir, keep(5)).removed).toHaveLength(5);
    expect(() => writeOutput(outdir, keep(2))).toThrow(/refusing to delete 3 of the 5 .*\(60%/);
    expect(writeOutput(outdir, keep(2), { maxPrune: 60 }).removed).toHaveLength(3);
    expect(writeOutput(outdir, new Map(), { pruneOk: true }).removed).toEqual(['team/f-00.yaml', 'team/f-01.yaml']);
  });

  it('refuses exactly when the deleted share is above the limit (random tree sizes and limits)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.nat(),
        fc.oneof(fc.constantFrom(0, 50, 100), fc.integer({ min: 0, max: 100 })),
        (previous, keepSeed, maxPrune) => {
          fs.rmSync(outdir, { recursive: true, force: true });
          seedOurs(previous);
          const kept = keepSeed % (previous + 1);
          const deleted = previous - kept;
          // Integer arithmetic as the oracle: deleted / previous > maxPrune / 100.
          const refused = deleted > 0 && deleted * 100 > maxPrune * previous;
          let threw = false;
          try {
            writeOutput(outdir, keep(kept), { maxPrune });
          } catch (err) {
            threw = err instanceof OutputError && /^refusing to delete /.test(err.message);
          }
          expect(threw).toBe(refused);
          const team = join(outdir, 'team');
          expect(fs.existsSync(team) ? fs.readdirSync(team).length : 0).toBe(refused ? previous : kept);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('counts a changed file of ours as previously generated, and a hand-written one as not', () => {
    seed(outdir, { 'a.yaml': ours('old'), 'b.yaml': ours('b'), 'c.yaml': 'hand-written\n' });
    // Deletes b of {a, b}: 50%, allowed; c is overwritten, but was never ours.
    expect(writeOutput(outdir, files({ 'a.yaml': ours('new'), 'c.yaml': ours('c') })).removed).toEqual(['b.yaml']);
  });
});
