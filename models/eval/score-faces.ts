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

/** True photos judged per batch (descriptor batches of this size). */
const TRUTH_BATCH = 8;

interface Judged {
  geometry: FaceGeometry;
  descriptor: number[];
}

async function readPng(file: string): Promise<RgbaImage> {
  const png = PNG.sync.read(await readFile(file));
  return { width: png.width, height: png.height, rgba: png.data };
}

/** Locates each face (falling back to `fallback`), then describes them all in one batch. */
async function judgeFaces(judge: Judge, images: readonly RgbaImage[], fallback: RelativeBox): Promise<Judged[]> {
  const geometries: FaceGeometry[] = [];
  for (const image of images) geometries.push(await judge.locate(image, fallback));
  const descriptors = await judge.describe(images.map((image, i) => ({ image, geometry: geometries[i]! })));
  return geometries.map((geometry, i) => ({ geometry, descriptor: descriptors[i]! }));
}

function compare(face: Judged, truth: Judged): SystemScore {
  return {
    score: face.geometry.score,
    detected: face.geometry.detected,
    identityDistance: euclidean(face.descriptor, truth.descriptor),
    landmarkError: landmarkError(face.geometry.landmarks, truth.geometry.landmarks),
  };
}

/**
 * The slider edits of one face. They are judged where the neutral face is, since an edit keeps the face's
 * place and pose: one descriptor batch for all edited faces, one reading batch per attribute.
 */
async function scoreEdits(judge: Judge, files: FaceOutputs['edits'], neutral: Judged): Promise<Record<EditAttribute, EditScore>> {
  const placed = async (file: string) => ({ image: await readPng(file), geometry: neutral.geometry });
  const pairs = await Promise.all(EDITS.map(async ({ attribute }) => [await placed(files[attribute].low), await placed(files[attribute].high)] as const));
  const descriptors = await judge.describe(pairs.flat());
  const kept = descriptors.map((descriptor) => euclidean(descriptor, neutral.descriptor));
  const scores = {} as Record<EditAttribute, EditScore>;
  for (const [i, edit] of EDITS.entries()) {
    const [low, high] = await judge.read(pairs[i]!, edit.reading);
    scores[edit.attribute] = { low: low!, high: high!, keptLow: kept[2 * i]!, keptHigh: kept[2 * i + 1]! };
  }
  return scores;
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
  for (let start = 0; start < inputs.faces.length; start += TRUTH_BATCH) {
    const photos = await Promise.all(inputs.faces.slice(start, start + TRUTH_BATCH).map((face) => readPng(face.photo)));
    truths.push(...(await judgeFaces(judge, photos, IMAGE_REGION)));
    truthProgress.update(truths.length);
  }
  truthProgress.finish();
  const detectedBoxes = truths.filter((t) => t.geometry.detected).map((t) => t.geometry.box);
  const fallback = detectedBoxes.length > 0 ? medianBox(detectedBoxes) : IMAGE_REGION;

  const [meanFace] = await judgeFaces(judge, [await readPng(inputs.meanFace)], fallback);
  const scores: FaceScores[] = [];
  const progress = new Progress('judging generated and baseline faces:', inputs.faces.length);
  for (const [index, face] of inputs.faces.entries()) {
    const truth = truths[index]!;
    const files = outputs.get(face.id);
    if (!files) throw new Error(`no generated faces for validation id ${face.id}`);
    const [neutral, nearest] = await judgeFaces(judge, [await readPng(files.neutral), await readPng(face.nearest)], fallback);
    const edits = await scoreEdits(judge, files.edits, neutral!);
    scores.push({
      id: face.id,
      real: { score: truth.geometry.score, detected: truth.geometry.detected },
      systems: { model: compare(neutral!, truth), nearest: compare(nearest!, truth), mean: compare(meanFace!, truth) },
      edits,
    });
    progress.update(scores.length);
  }
  progress.finish();
  return scores;
}
