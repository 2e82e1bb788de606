import { existsSync } from 'node:fs';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CANVAS_SIZE, DETECTION_THRESHOLD, JUDGE_SIZE } from './judge.ts';
import { SKETCH_STYLES, type SketchStyle } from './options.ts';
import { renderTables, type Report } from './report.ts';

/** The markers models/training/model_card.py keeps untouched when it rewrites a card. */
export const EVAL_BEGIN = '<!-- EVAL_BEGIN -->';
export const EVAL_END = '<!-- EVAL_END -->';

const STYLE_TITLES: Record<SketchStyle, string> = {
  clean: 'Clean sketches',
  rough: 'Badly drawn sketches',
  studio: 'Studio-style strokes',
};

function method(report: Report): string {
  return `Measured by \`npm run eval -- --model ${report.model} --style <style> --card\` (\`models/eval/\`) with judges this project did not
train and never trains against: the pretrained networks of \`@vladmandic/face-api\` (Tiny Face Detector, 68-point
landmarks, 128-d face descriptor, age/gender, expressions) on tfjs-wasm. Each face is enlarged bilinearly to ${JUDGE_SIZE} px
and centred on a grey ${CANVAS_SIZE} px canvas before judging; outputs, true photos and baselines are all judged at the model's
output resolution (${report.resolution} px). Only validation photos (id % 20 = 0) are used; their sketches come from
\`models/training/sketch.py\`: clean XDoG lines, a badly drawn (rough) variant, and studio-style pen strokes traced from the
photo (\`studio_strokes\`) that the server's own rasteriser draws, as it draws what people draw in the studio.
- **faces detected**: detector score ≥ ${DETECTION_THRESHOLD}. Where no face passes, the other judges look at the median face
  box of the true photos, so every row covers every face.
- **identity distance**: Euclidean distance between face descriptors of the output (all sliders at 0) and the true
  photo; face-api treats < 0.6 as the same person.
- **landmark error**: mean distance of the 68 landmarks to the true photo's, over the true photo's inter-ocular distance.
- **slider edits**: the sketch rendered with one slider at −1 and at +1; the share of faces where the judge's reading
  moves the intended way (chance ≈ 50 %) and its mean change. Identity kept: descriptor distance of each edited face
  to the neutral face.
- **baselines**: nearest-neighbour retrieval returns the training photo whose clean sketch is closest to the query
  sketch (L2 between blurred ink maps at 32 × 32); the mean face is the pixel mean of the ${report.trainingFaces.toLocaleString('en')}
  training photos. Both are judged the same way at the model's output resolution.`;
}

/** The whole marked section, from the reports of one model (one per sketch style). */
export function renderEvalSection(reports: readonly Report[]): string {
  const [first] = reports;
  if (!first) throw new Error('no evaluation reports to put in the card');
  const ordered = [...reports].sort((a, b) => SKETCH_STYLES.indexOf(a.style) - SKETCH_STYLES.indexOf(b.style));
  return [
    EVAL_BEGIN,
    '## Evaluation',
    method(first),
    ...ordered.flatMap((report) => [`### ${STYLE_TITLES[report.style]}`, renderTables(report)]),
    EVAL_END,
  ].join('\n\n');
}

/** The card with its marked section replaced, or with the section appended when the card has none yet. */
export function replaceEvalSection(card: string, section: string): string {
  const begin = card.indexOf(EVAL_BEGIN);
  const end = card.indexOf(EVAL_END, begin);
  if (begin >= 0 && end >= 0) return card.slice(0, begin) + section + card.slice(end + EVAL_END.length);
  if (begin >= 0 || card.includes(EVAL_END)) {
    throw new Error(`the model card has only one of the markers ${EVAL_BEGIN} and ${EVAL_END}`);
  }
  return `${card.trimEnd()}\n\n${section}\n`;
}

const reportFile = (style: SketchStyle) => `eval-${style}.json`;

/**
 * Stores the report as `<modelDir>/eval-<style>.json` and rewrites the card's evaluation section from all
 * stored reports of the same export (same decoder graph), so each style's run keeps its table; reports of an
 * earlier export of the model are deleted, not mixed in. Returns the card's path.
 */
export async function updateModelCard(modelDir: string, report: Report): Promise<string> {
  const cardPath = path.join(modelDir, 'README.md');
  if (!existsSync(cardPath)) throw new Error(`${cardPath} does not exist; export the model (with its card) first`);
  await writeFile(path.join(modelDir, reportFile(report.style)), `${JSON.stringify(report, null, 1)}\n`);
  const stored = (await readdir(modelDir)).filter((name) => SKETCH_STYLES.some((style) => name === reportFile(style)));
  const reports: Report[] = [];
  for (const name of stored) {
    const file = path.join(modelDir, name);
    const earlier = JSON.parse(await readFile(file, 'utf8')) as Report;
    if (earlier.decoderSha256 === report.decoderSha256) reports.push(earlier);
    else await rm(file);
  }
  const card = await readFile(cardPath, 'utf8');
  await writeFile(cardPath, replaceEvalSection(card, renderEvalSection(reports)));
  return cardPath;
}
