import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatProblem, type Problem } from '../../src/contracts/problem.js';
import { DEFAULT_MAX_FILE_SIZE, findYamlFiles, readInputFiles } from '../../src/intent/read-input-files.js';

// FIFOs and devices are exercised through the CLI binary (test/cli/filesystem-faults.test.ts): a
// regression there would block the reading process, which must not be the test runner's.

let root: string;
const write = (rel: string, content: string | Buffer): void => {
  const full = join(root, rel);
  mkdirSync(dirname(full), { recursive: true });
  writeFileSync(full, content);
};

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'tool-gateway-read-'));
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

function read(inputs: string[], maxFileSize?: number): { files: { file: string; text: string }[]; lines: string[] } {
  const problems: Problem[] = [];
  const files = [...readInputFiles(inputs, problems, { cwd: root, maxFileSize })];
  return { files, lines: problems.map(formatProblem) };
}

describe('readInputFiles', () => {
  it('reads the YAML files of a directory in sorted order, with cwd-relative names', () => {
    write('b.yaml', 'b: 1\n');
    write('a/x.yml', 'x: 1\n');
    write('notes.txt', 'not read');
    expect(read([root])).toStrictEqual({
      files: [
        { file: 'a/x.yml', text: 'x: 1\n' },
        { file: 'b.yaml', text: 'b: 1\n' },
      ],
      lines: [],
    });
  });

  it('follows symlinks to files and directories inside the input directory, reading each file once', () => {
    write('real/a.yaml', 'a: 1\n');
    symlinkSync('real', join(root, 'alias'));
    symlinkSync('real/a.yaml', join(root, 'link.yaml'));
    const { files, lines } = read([root]);
    expect(lines).toStrictEqual([]);
    expect(files.map((f) => f.file)).toStrictEqual(['alias/a.yaml']);
  });

  it('refuses a symlink that points outside the input directory, naming both', () => {
    const outside = mkdtempSync(join(tmpdir(), 'tool-gateway-outside-'));
    try {
      writeFileSync(join(outside, 'secret.yaml'), 'x: 1\n');
      write('in/a.yaml', 'a: 1\n');
      symlinkSync(join(outside, 'secret.yaml'), join(root, 'in/secret.yaml'));
      symlinkSync(outside, join(root, 'in/dir'));
      const { files, lines } = read([join(root, 'in')]);
      expect(files.map((f) => f.file)).toStrictEqual(['in/a.yaml']);
      expect(lines).toHaveLength(2);
      expect(lines[0]).toMatch(
        /^in\/dir: error: is a symlink to ".*tool-gateway-outside-.*", outside the input directory ".*\/in"; only symlinks/,
      );
      expect(lines[1]).toMatch(/^in\/secret\.yaml: error: is a symlink to ".*secret\.yaml", outside the input directory/);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('refuses symlink loops, a directory link to its own ancestor, and dangling symlinks, naming each file', () => {
    write('a.yaml', 'a: 1\n');
    symlinkSync('y.yaml', join(root, 'x.yaml'));
    symlinkSync('x.yaml', join(root, 'y.yaml'));
    mkdirSync(join(root, 'sub'));
    symlinkSync('..', join(root, 'sub/up'));
    symlinkSync('missing.yaml', join(root, 'gone.yaml'));
    const { files, lines } = read([root]);
    expect(files.map((f) => f.file)).toStrictEqual(['a.yaml']);
    expect(lines).toStrictEqual([
      'gone.yaml: error: is a dangling symlink: its target "missing.yaml" does not exist',
      `sub/up: error: is a symlink loop: it points to ${JSON.stringify(root)}, a directory that contains it`,
      'x.yaml: error: is a symlink loop: following it never reaches a file',
      'y.yaml: error: is a symlink loop: following it never reaches a file',
    ]);
  });

  it('refuses a file over the size limit, and reads it when the limit is raised', () => {
    write('big.yaml', `# ${'x'.repeat(98)}`);
    expect(read([root], 99)).toStrictEqual({
      files: [],
      lines: ['big.yaml: error: is 100 bytes, more than the limit of 99 bytes per input file; raise it with --max-file-size'],
    });
    expect(read([root], 100).files.map((f) => f.text.length)).toStrictEqual([100]);
    expect(DEFAULT_MAX_FILE_SIZE).toBe(16 * 1024 * 1024);
  });

  it('refuses a file that is not UTF-8, naming the line of the first bad byte', () => {
    write('ns.yaml', Buffer.concat([Buffer.from('kind: Namespace\nmetadata:\n  name: caf'), Buffer.from([0xe9, 0x0a])]));
    expect(read([root]).lines).toStrictEqual([
      'ns.yaml:3: error: not valid UTF-8: byte 0xE9 at column 12 (byte offset 37); input files must be UTF-8',
    ]);
  });

  it('escapes control characters of a file name in messages, so a name cannot forge a line or colour the terminal', () => {
    write('a\nerror: forged\u001b[31m.yaml', Buffer.from([0xff]));
    const { lines } = read([root]);
    expect(lines).toStrictEqual([
      'a\\nerror: forged\\u001b[31m.yaml:1: error: not valid UTF-8: byte 0xFF at column 1 (byte offset 0); input files must be UTF-8',
    ]);
    expect(lines.join('')).not.toContain('\n');
    expect(lines.join('')).not.toContain('\u001b');
  });

  it('says that an input does not exist, and warns about a directory without YAML files', () => {
    write('readme.md', '# nothing');
    const missing = join(root, 'nope');
    expect(read([missing, root]).lines).toStrictEqual([
      `error: input ${JSON.stringify(missing)} does not exist`,
      `warning: input ${JSON.stringify(root)} holds no *.yaml or *.yml files`,
    ]);
  });

  it('names a dangling symlink given as an input', () => {
    symlinkSync('nowhere', join(root, 'in'));
    expect(read([join(root, 'in')]).lines).toStrictEqual([
      `error: input ${JSON.stringify(join(root, 'in'))} is a dangling symlink: its target "nowhere" does not exist`,
    ]);
  });
});

describe('findYamlFiles', () => {
  it('throws the first problem as one line', () => {
    symlinkSync('missing.yaml', join(root, 'gone.yaml'));
    expect(() => findYamlFiles(root)).toThrow('is a dangling symlink: its target "missing.yaml" does not exist');
  });
});
