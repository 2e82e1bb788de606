import path from 'node:path';
import { parseArgs } from 'node:util';
import { REPO_ROOT } from './command.ts';

/** Synthetic sketches (models/training/sketch.py), or strokes traced from the photo and drawn by the server's rasteriser. */
export const SKETCH_STYLES = ['clean', 'rough', 'studio'] as const;
export type SketchStyle = (typeof SKETCH_STYLES)[number];

/** Validation ids are those with id % 20 == 0: 1,408 faces in the data set. */
const MAX_FACES = 1408;

export interface EvalOptions {
  model: string | undefined;
  n: number;
  style: SketchStyle;
  seed: number;
  card: boolean;
  modelsDir: string;
  out: string | undefined;
}

function integer(name: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) throw new Error(`--${name} must be an integer from ${min} to ${max}, got "${text}"`);
  return value;
}

/** The command line of `npm run eval`; a bad value is an Error whose message names the option. */
export function parseOptions(argv: string[]): EvalOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      model: { type: 'string' },
      n: { type: 'string', default: '200' },
      style: { type: 'string', default: 'clean' },
      seed: { type: 'string', default: '0' },
      card: { type: 'boolean', default: false },
      models: { type: 'string', default: path.join(REPO_ROOT, 'models') },
      out: { type: 'string' },
    },
    strict: true,
  });
  const style = SKETCH_STYLES.find((name) => name === values.style);
  if (!style) throw new Error(`--style must be ${SKETCH_STYLES.join(', ')}, got "${values.style}"`);
  return {
    model: values.model,
    n: integer('n', values.n, 1, MAX_FACES),
    style,
    seed: integer('seed', values.seed, 0, 2 ** 31 - 1),
    card: values.card,
    modelsDir: path.resolve(values.models),
    out: values.out,
  };
}
