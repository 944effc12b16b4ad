import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runApp } from '../../src/app/run-app.js';
import { ToolGatewayApp } from '../../src/app/tool-gateway-app.js';
import { GENERATED_HEADER } from '../../src/emit/file-layout.js';
import { defineDefaultEstate } from '../../src/main.js';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'tool-gateway-run-app-'));
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

/** runApp on the default estate writing to `outdir`, with what it printed; process.exitCode is restored. */
function run(outdir: string, argv: string[]): { code: number; lines: string[] } {
  const app = new ToolGatewayApp({ outdir });
  defineDefaultEstate(app);
  const lines: string[] = [];
  const previous = process.exitCode;
  try {
    const code = runApp(app, argv, { out: (l) => lines.push(l), err: (l) => lines.push(l) });
    return { code, lines };
  } finally {
    process.exitCode = previous;
  }
}

describe('runApp (npm run synth) | output guards', () => {
  it('refuses to prune most of the previously generated files unless --prune-ok', () => {
    const outdir = join(root, 'dist');
    mkdirSync(join(outdir, 'old'), { recursive: true });
    for (let i = 0; i < 100; i++) writeFileSync(join(outdir, 'old', `f-${i}.yaml`), `${GENERATED_HEADER}\nn: ${i}\n`);
    const refused = run(outdir, []);
    expect(refused.code).toBe(1);
    expect(refused.lines).toHaveLength(1);
    expect(refused.lines[0]).toMatch(
      /^error: refusing to delete 100 of the 100 previously generated files in ".*dist" \(100%, .* and 95 more; /,
    );
    expect(readdirSync(join(outdir, 'old'))).toHaveLength(100);
    const allowed = run(outdir, ['--prune-ok']);
    expect(allowed.code, allowed.lines.join('\n')).toBe(0);
    expect(readdirSync(outdir)).not.toContain('old');
  });

  it('prints an output fault as one line and exits 1', () => {
    const outdir = join(root, 'dist');
    writeFileSync(outdir, 'a file where the directory goes\n');
    expect(run(outdir, [])).toStrictEqual({
      code: 1,
      lines: [`error: the output directory ${JSON.stringify(outdir)} exists and is not a directory; nothing was written`],
    });
    expect(run(outdir, ['--max-prune', 'x']).code).toBe(1);
  });
});
