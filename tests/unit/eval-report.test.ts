import { describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EVAL_BEGIN, EVAL_END, renderEvalSection, replaceEvalSection, updateModelCard } from '../../models/eval/card.ts';
import { parseOptions } from '../../models/eval/options.ts';
import { renderTables, type RunFacts, summarise } from '../../models/eval/report.ts';
import type { FaceScores, SystemScore } from '../../models/eval/scores.ts';

const system = (identityDistance: number, landmarkError: number, detected = true): SystemScore => ({
  score: detected ? 0.8 : 0.1,
  detected,
  identityDistance,
  landmarkError,
});

const edit = (low: number, high: number, kept: number) => ({ low, high, keptLow: kept, keptHigh: kept });

const faces: FaceScores[] = [
  {
    id: 20,
    real: { score: 0.9, detected: true },
    systems: { model: system(0.5, 0.1), nearest: system(0.7, 0.2), mean: system(0.8, 0.3) },
    edits: { Smiling: edit(0.1, 0.9, 0.2), Male: edit(0.3, 0.8, 0.3), Young: edit(40, 30, 0.4) },
  },
  {
    id: 40,
    real: { score: 0.7, detected: true },
    systems: { model: system(0.7, 0.3, false), nearest: system(0.9, 0.2), mean: system(0.8, 0.1) },
    edits: { Smiling: edit(0.5, 0.4, 0.2), Male: edit(0.3, 0.9, 0.3), Young: edit(30, 35, 0.4) },
  },
];

const facts: RunFacts = {
  model: 's2f-test',
  decoderSha256: 'a'.repeat(64),
  inputResolution: 64,
  resolution: 128,
  style: 'clean',
  seed: 0,
  trainingFaces: 26565,
  runtimeSeconds: 12.3,
  date: '2026-01-01',
};

describe('report', () => {
  const report = summarise(faces, facts);
  const row = (name: string) => report.systems.find((s) => s.system === name)!;

  it('summarises every system against the true photos', () => {
    expect(row('model')).toMatchObject({ detectionRate: 0.5, identityMedian: 0.6, identitySameShare: 0.5, landmarkError: 0.2 });
    expect(row('model').meanScore).toBeCloseTo(0.45);
    expect(row('nearest')).toMatchObject({ detectionRate: 1, identityMedian: 0.8, identitySameShare: 0 });
    expect(row('real')).toMatchObject({ detectionRate: 1, meanScore: 0.8, identityMedian: null, landmarkError: null });
  });

  it('summarises each edit by direction, change and identity kept', () => {
    const [smiling, male, young] = report.edits;
    expect(smiling).toMatchObject({ attribute: 'Smiling', rightWayShare: 0.5, identityKept: 0.2 });
    expect(smiling!.meanChange).toBeCloseTo(0.35);
    expect(male).toMatchObject({ rightWayShare: 1, identityKept: 0.3 });
    expect(young).toMatchObject({ direction: -1, rightWayShare: 0.5, meanChange: -2.5 });
    expect(report.identityKept).toBe(0.3);
  });

  it('renders both tables with a row per system and per edit', () => {
    const tables = renderTables(report);
    expect(tables).toContain('| **s2f-test** | 50 % | 0.45 | 0.600 | 50 % | 0.200 |');
    expect(tables).toContain('| reference: the true photos | 100 % | 0.80 | — | — | — |');
    expect(tables).toContain('| Young | years of age should go down | 50 % | −2.5 | 0.400 |');
    expect(tables).toContain('2 validation faces, clean synthetic sketches at 64 px, faces, true photos and baselines judged at 128 px');
  });

  it('refuses an empty run', () => {
    expect(() => summarise([], facts)).toThrow(/no faces/);
  });
});

describe('model card section', () => {
  const section = renderEvalSection([
    summarise(faces, { ...facts, style: 'studio' }),
    summarise(faces, { ...facts, style: 'rough' }),
    summarise(faces, facts),
  ]);

  it('holds one table set per sketch style, clean, rough, studio, between the markers', () => {
    expect(section.startsWith(EVAL_BEGIN)).toBe(true);
    expect(section.endsWith(EVAL_END)).toBe(true);
    expect(section.indexOf('### Clean sketches')).toBeLessThan(section.indexOf('### Badly drawn sketches'));
    expect(section.indexOf('### Badly drawn sketches')).toBeLessThan(section.indexOf('### Studio-style strokes'));
    expect(section).toContain("studio-style strokes traced from the photos, drawn by the server's rasteriser at 64 px");
  });

  it('is rebuilt from every style run so far on the same export, each stored next to the card', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'facesketch-card-'));
    try {
      writeFileSync(path.join(dir, 'README.md'), `# s2f-test\n\n${EVAL_BEGIN}\nNot run yet.\n${EVAL_END}\n`);
      // a report of an earlier export of the model is dropped, not mixed into the new card
      await updateModelCard(dir, summarise(faces, { ...facts, style: 'rough', decoderSha256: 'b'.repeat(64) }));
      await updateModelCard(dir, summarise(faces, { ...facts, style: 'studio' }));
      await updateModelCard(dir, summarise(faces, facts));
      const card = readFileSync(path.join(dir, 'README.md'), 'utf8');
      expect(card.split(EVAL_BEGIN)).toHaveLength(2);
      expect(card).toContain('### Clean sketches');
      expect(card).toContain('### Studio-style strokes');
      expect(card).not.toContain('### Badly drawn sketches');
      expect(readdirSync(dir).sort()).toEqual(['README.md', 'eval-clean.json', 'eval-studio.json']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('replaces the marked section and keeps the rest of the card', () => {
    const card = `# model\n\nintro\n\n${EVAL_BEGIN}\n## Evaluation\nNot run yet.\n${EVAL_END}\n\n## Known weaknesses\n- soft\n`;
    const updated = replaceEvalSection(card, section);
    expect(updated).not.toContain('Not run yet');
    expect(updated.startsWith('# model\n\nintro\n\n')).toBe(true);
    expect(updated.endsWith('\n\n## Known weaknesses\n- soft\n')).toBe(true);
    expect(replaceEvalSection(updated, section)).toBe(updated);
  });

  it('appends the section to a card without markers and refuses a card with only one', () => {
    expect(replaceEvalSection('# model\n', section)).toBe(`# model\n\n${section}\n`);
    expect(() => replaceEvalSection(`# model\n${EVAL_BEGIN}\n`, section)).toThrow(/only one of the markers/);
  });
});

describe('command line', () => {
  it('has defaults for everything but the model', () => {
    expect(parseOptions([])).toMatchObject({ model: undefined, n: 200, style: 'clean', seed: 0, card: false });
    expect(parseOptions(['--model', 'm', '--n', '50', '--style', 'rough', '--card'])).toMatchObject({
      model: 'm',
      n: 50,
      style: 'rough',
      card: true,
    });
  });

  it('refuses bad values with the option named', () => {
    expect(parseOptions(['--style', 'studio']).style).toBe('studio');
    expect(() => parseOptions(['--style', 'sloppy'])).toThrow(/--style must be clean, rough, studio/);
    expect(() => parseOptions(['--n', '0'])).toThrow(/--n must be an integer from 1 to 1408/);
    expect(() => parseOptions(['--n', '2.5'])).toThrow(/--n/);
    expect(() => parseOptions(['--speed', '3'])).toThrow(/speed/);
  });
});
