import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, expect, test } from 'vitest';
import { ROOT_DIR } from '../../server/config.ts';
import { FIXTURES, TINY_MODEL_DIR } from '../unit/inference-golden.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'facesketch-generate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function generate(lines: string[]) {
  const jobs = path.join(dir, 'jobs.jsonl');
  writeFileSync(jobs, `${lines.join('\n')}\n`);
  return spawnSync('npm', ['run', '--silent', 'generate', '--', '--models', TINY_MODEL_DIR, jobs], {
    cwd: ROOT_DIR,
    encoding: 'utf8',
    env: { ...process.env, INFERENCE_WORKERS: '2' },
  });
}

test('npm run generate writes every face at the model resolution and reports bad lines by number', () => {
  const sketch = path.join(FIXTURES, 'sketch-128.png');
  const out = (name: string) => path.join(dir, 'out', name);
  const result = generate([
    JSON.stringify({ sketch, attrs: { Smiling: 1, Male: -0.5 }, out: out('a.png') }),
    '',
    JSON.stringify({ sketch, attrs: { Smiling: 2 }, out: out('b.png') }),
    JSON.stringify({ photo: sketch, out: out('c.png'), model: 'tiny-dec' }),
    'not json',
    JSON.stringify({ sketch: path.join(dir, 'missing.png'), out: out('d.png') }),
    JSON.stringify({ sketch, out: out('e.png'), model: 'nope' }),
    JSON.stringify({ sketch, photo: sketch, out: out('f.png') }),
    JSON.stringify({ sketch, out: out('g.png') }),
  ]);
  expect(result.status).toBe(1);
  const failedLines = [...result.stderr.matchAll(/jobs\.jsonl:(\d+): /g)].map((match) => match[1]);
  expect(failedLines.sort()).toEqual(['3', '5', '6', '7', '8']);
  expect(result.stderr).toMatch(/:3: attribute "Smiling" must be a number in \[-1, 1\], got 2/);
  expect(result.stderr).toMatch(/:6: cannot read .*missing\.png: ENOENT/);
  expect(result.stderr).toMatch(/:7: unknown model "nope"/);
  expect(result.stderr).toMatch(/3 faces written, 5 failed/);
  for (const name of ['a.png', 'c.png', 'g.png']) {
    const png = PNG.sync.read(readFileSync(out(name)));
    expect([png.width, png.height]).toEqual([16, 16]);
  }
  expect(existsSync(out('b.png'))).toBe(false);
});

test('npm run generate exits 0 when every line succeeds, and 2 without a jobs file', () => {
  const sketch = path.join(FIXTURES, 'sketch-128.png');
  const ok = generate([JSON.stringify({ sketch, out: path.join(dir, 'ok.png') })]);
  expect(ok.stderr).toMatch(/1 faces written, 0 failed/);
  expect(ok.status).toBe(0);
  const missing = spawnSync('npm', ['run', '--silent', 'generate', '--', '--models', TINY_MODEL_DIR, path.join(dir, 'none.jsonl')], {
    cwd: ROOT_DIR,
    encoding: 'utf8',
  });
  expect(missing.status).toBe(2);
  expect(missing.stderr).toMatch(/cannot read .*none\.jsonl/);
});
