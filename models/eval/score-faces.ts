import { readFile } from 'node:fs/promises';
import { PNG } from 'pngjs';
import type { FaceOutputs } from './generate.ts';
import type { EvalInputs } from './inputs.ts';
import { CANVAS_SIZE, type FaceGeometry, JUDGE_SIZE, type Judge, type RgbaImage } from './judge.ts';
import { euclidean, landmarkError, medianBox, type RelativeBox } from './metrics.ts';
import { Progress } from './progress.ts';
import { EDITS, type EditAttribute, type EditScore, type FaceScores, type SystemScore } from './scores.ts';

/** Where the enlarged image lies on the judges' canvas: the last resort when no true photo has a detected face. */
const IMAGE_REGION: RelativeBox = {
  x: (CANVAS_SIZE - JUDGE_SIZE) / 2 / CANVAS_SIZE,
  y: (CANVAS_SIZE - JUDGE_SIZE) / 2 / CANVAS_SIZE,
  width: JUDGE_SIZE / CANVAS_SIZE,
  height: JUDGE_SIZE / CANVAS_SIZE,
};

interface Judged {
  geometry: FaceGeometry;
  descriptor: number[];
}

async function readPng(file: string): Promise<RgbaImage> {
  const png = PNG.sync.read(await readFile(file));
  return { width: png.width, height: png.height, rgba: png.data };
}

async function judgeFace(judge: Judge, file: string, fallback: RelativeBox): Promise<Judged> {
  const image = await readPng(file);
  const geometry = await judge.locate(image, fallback);
  return { geometry, descriptor: await judge.describe(image, geometry) };
}

function compare(face: Judged, truth: Judged): SystemScore {
  return {
    score: face.geometry.score,
    detected: face.geometry.detected,
    identityDistance: euclidean(face.descriptor, truth.descriptor),
    landmarkError: landmarkError(face.geometry.landmarks, truth.geometry.landmarks),
  };
}

/** Both ends of one slider edit, judged where the neutral face is (the edits keep the face's place and pose). */
async function scoreEdit(
  judge: Judge,
  files: { low: string; high: string },
  neutral: Judged,
  edit: (typeof EDITS)[number],
): Promise<EditScore> {
  const [low, high] = await Promise.all([readPng(files.low), readPng(files.high)]);
  const keptLow = euclidean(await judge.describe(low, neutral.geometry), neutral.descriptor);
  const keptHigh = euclidean(await judge.describe(high, neutral.geometry), neutral.descriptor);
  return {
    low: await judge.read(low, neutral.geometry, edit.reading),
    high: await judge.read(high, neutral.geometry, edit.reading),
    keptLow,
    keptHigh,
  };
}

/**
 * Judges the true photos, the model's faces (neutral and edited) and both baselines' faces. Faces with no
 * detection are judged in the median face box of the true photos, so that every face counts in every metric.
 */
export async function scoreFaces(
  judge: Judge,
  inputs: EvalInputs,
  outputs: ReadonlyMap<number, FaceOutputs>,
): Promise<FaceScores[]> {
  const truths: Judged[] = [];
  const truthProgress = new Progress('judging true photos:', inputs.faces.length);
  for (const face of inputs.faces) {
    truths.push(await judgeFace(judge, face.photo, IMAGE_REGION));
    truthProgress.update(truths.length);
  }
  truthProgress.finish();
  const detectedBoxes = truths.filter((t) => t.geometry.detected).map((t) => t.geometry.box);
  const fallback = detectedBoxes.length > 0 ? medianBox(detectedBoxes) : IMAGE_REGION;

  const meanFace = await judgeFace(judge, inputs.meanFace, fallback);
  const scores: FaceScores[] = [];
  const progress = new Progress('judging generated and baseline faces:', inputs.faces.length);
  for (const [index, face] of inputs.faces.entries()) {
    const truth = truths[index]!;
    const files = outputs.get(face.id);
    if (!files) throw new Error(`no generated faces for validation id ${face.id}`);
    const neutral = await judgeFace(judge, files.neutral, fallback);
    const nearest = await judgeFace(judge, face.nearest, fallback);
    const edits = {} as Record<EditAttribute, EditScore>;
    for (const edit of EDITS) edits[edit.attribute] = await scoreEdit(judge, files.edits[edit.attribute], neutral, edit);
    scores.push({
      id: face.id,
      real: { score: truth.geometry.score, detected: truth.geometry.detected },
      systems: { model: compare(neutral, truth), nearest: compare(nearest, truth), mean: compare(meanFace, truth) },
      edits,
    });
    progress.update(scores.length);
  }
  progress.finish();
  return scores;
}
