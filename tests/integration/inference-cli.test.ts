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

test('npm run generate writes every face at the model output resolution and reports bad lines by number', () => {
  const sketch = path.join(FIXTURES, 'sketch-128.png');
  const strokes = path.join(FIXTURES, 'strokes-face.json');
  const badStrokes = path.join(dir, 'bad-strokes.json');
  writeFileSync(badStrokes, JSON.stringify([{ tool: 'brush', width: 0.01, points: [0.5, 0.5, 1] }]));
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
    JSON.stringify({ strokes, attrs: { Smiling: 1 }, out: out('h.png') }),
    JSON.stringify({ strokes: badStrokes, out: out('i.png') }),
    JSON.stringify({ strokes, sketch, out: out('j.png') }),
  ]);
  expect(result.status).toBe(1);
  const failedLines = [...result.stderr.matchAll(/jobs\.jsonl:(\d+): /g)].map((match) => match[1]);
  expect(failedLines.sort()).toEqual(['11', '12', '3', '5', '6', '7', '8']);
  expect(result.stderr).toMatch(/:3: attribute "Smiling" must be a number in \[-1, 1\], got 2/);
  expect(result.stderr).toMatch(/:6: cannot read .*missing\.png: ENOENT/);
  expect(result.stderr).toMatch(/:7: unknown model "nope"/);
  expect(result.stderr).toMatch(/:8: give exactly one of "sketch", "photo" or "strokes"/);
  expect(result.stderr).toMatch(/:11: .*bad-strokes\.json: 0\.tool: /);
  expect(result.stderr).toMatch(/:12: give exactly one of/);
  expect(result.stderr).toMatch(/4 faces written, 7 failed/);
  for (const name of ['a.png', 'c.png', 'g.png', 'h.png']) {
    const png = PNG.sync.read(readFileSync(out(name)));
    expect([png.width, png.height]).toEqual([32, 32]); // the sketch goes in at 16 px, the face comes out at 32
  }
  for (const name of ['b.png', 'i.png', 'j.png']) expect(existsSync(out(name))).toBe(false);
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
