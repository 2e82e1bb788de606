import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { runCommand } from './command.ts';
import { SKETCH_STYLES, type SketchStyle } from './options.ts';

/** Python with torch, OpenCV and scikit-image (the training environment). */
const PYTHON = '/usr/bin/python3';

const InputsFile = z.object({
  size: z.number().int().positive(),
  outputSize: z.number().int().positive(),
  style: z.enum(SKETCH_STYLES),
  seed: z.number().int(),
  trainingFaces: z.number().int().positive(),
  meanFace: z.string(),
  faces: z
    .array(
      z.object({
        id: z.number().int(),
        /** The sketch PNG (for studio style a preview: the model gets `strokes`). */
        sketch: z.string(),
        /** Studio style: the document strokes the server rasterises. */
        strokes: z.string().optional(),
        photo: z.string(),
        nearest: z.string(),
        nearestId: z.number().int(),
      }),
    )
    .min(1),
});

/** What models/eval/prepare.py wrote, with every path made absolute. */
export type EvalInputs = z.infer<typeof InputsFile>;

export interface PrepareOptions {
  dir: string;
  /** The model's input resolution (sketches). */
  size: number;
  /** The model's output resolution: true photos and baselines are written at it, to be judged like the outputs. */
  outputSize: number;
  n: number;
  style: SketchStyle;
  seed: number;
}

/** Validation sketches, true photos and the baselines' faces, written by the Python side into `dir`. */
export async function prepareInputs(options: PrepareOptions): Promise<EvalInputs> {
  await runCommand(PYTHON, [
    '-m', 'models.eval.prepare',
    '--out', options.dir,
    '--size', String(options.size),
    '--output-size', String(options.outputSize),
    '--n', String(options.n),
    '--style', options.style,
    '--seed', String(options.seed),
  ]);
  const parsed = InputsFile.parse(JSON.parse(await readFile(path.join(options.dir, 'inputs.json'), 'utf8')));
  const absolute = (file: string) => path.resolve(options.dir, file);
  return {
    ...parsed,
    meanFace: absolute(parsed.meanFace),
    faces: parsed.faces.map((face) => ({
      ...face,
      sketch: absolute(face.sketch),
      strokes: face.strokes === undefined ? undefined : absolute(face.strokes),
      photo: absolute(face.photo),
      nearest: absolute(face.nearest),
    })),
  };
}
