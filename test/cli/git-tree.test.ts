import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { isGitRevision, materializeGitTree } from '../../src/cli/git-tree.js';

const repo = mkdtempSync(join(tmpdir(), 'tool-gateway-git-tree-'));
afterAll(() => rmSync(repo, { recursive: true, force: true }));

const git = (...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', ...args], {
    cwd: repo,
    stdio: 'pipe',
  });

mkdirSync(join(repo, 'intent', 'team-a'), { recursive: true });
writeFileSync(join(repo, 'intent', 'a.yaml'), 'a: 1\n');
writeFileSync(join(repo, 'intent', 'team-a', 'b.yaml'), 'b: 2\n');
mkdirSync(join(repo, 'linked'));
symlinkSync('../intent/a.yaml', join(repo, 'linked', 'a.yaml'));
git('init', '-q');
git('add', '.');
git('commit', '-qm', 'one');
writeFileSync(join(repo, 'intent', 'a.yaml'), 'a: changed\n');

describe('materializeGitTree |', () => {
  test('copies a directory of a revision as it was committed, and removes the copy on dispose', () => {
    const tree = materializeGitTree('HEAD', 'intent', repo);
    if ('error' in tree) throw new Error(tree.error);
    expect(tree.path).toBe(join(tree.root, 'intent'));
    expect(readFileSync(join(tree.path, 'a.yaml'), 'utf8')).toBe('a: 1\n');
    expect(readFileSync(join(tree.path, 'team-a', 'b.yaml'), 'utf8')).toBe('b: 2\n');
    tree.dispose();
    expect(existsSync(tree.root)).toBe(false);
  });

  test('takes the path relative to the directory it runs in', () => {
    const tree = materializeGitTree('HEAD', 'b.yaml', join(repo, 'intent', 'team-a'));
    if ('error' in tree) throw new Error(tree.error);
    expect(readFileSync(tree.path, 'utf8')).toBe('b: 2\n');
    tree.dispose();
  });

  test('refuses a symlink, a missing path and a path outside the repository, in one line each', () => {
    expect(materializeGitTree('HEAD', 'linked', repo)).toEqual({ error: '"HEAD:linked/a.yaml" is a symlink; only regular files are read' });
    expect(materializeGitTree('HEAD', 'nope', repo)).toEqual({ error: '"HEAD:nope" does not exist in that revision' });
    expect(materializeGitTree('HEAD', '../elsewhere', repo)).toEqual({ error: '"../elsewhere" lies outside the git repository' });
  });

  test('tells a revision from other text', () => {
    expect(isGitRevision('HEAD', repo)).toBe(true);
    expect(isGitRevision('no-such-branch', repo)).toBe(false);
    expect(isGitRevision('--output=x', repo)).toBe(false);
  });
});
