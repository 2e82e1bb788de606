import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { runCommand } from './command.ts';

/** Python with torch, OpenCV and scikit-image (the training environment). */
const PYTHON = '/usr/bin/python3';

const InputsFile = z.object({
  size: z.number().int().positive(),
  style: z.enum(['clean', 'rough']),
  seed: z.number().int(),
  trainingFaces: z.number().int().positive(),
  meanFace: z.string(),
  faces: z
    .array(z.object({ id: z.number().int(), sketch: z.string(), photo: z.string(), nearest: z.string(), nearestId: z.number().int() }))
    .min(1),
});

/** What models/eval/prepare.py wrote, with every path made absolute. */
export type EvalInputs = z.infer<typeof InputsFile>;

export interface PrepareOptions {
  dir: string;
  size: number;
  n: number;
  style: 'clean' | 'rough';
  seed: number;
}

/** Validation sketches, true photos and the baselines' faces, written by the Python side into `dir`. */
export async function prepareInputs(options: PrepareOptions): Promise<EvalInputs> {
  await runCommand(PYTHON, [
    '-m', 'models.eval.prepare',
    '--out', options.dir,
    '--size', String(options.size),
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
      photo: absolute(face.photo),
      nearest: absolute(face.nearest),
    })),
  };
}
