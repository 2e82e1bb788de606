import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { runCommand } from './command.ts';
import type { EvalInputs } from './inputs.ts';
import { Progress } from './progress.ts';
import { EDITS, type EditAttribute } from './scores.ts';

export interface FaceOutputs {
  neutral: string;
  edits: Record<EditAttribute, { low: string; high: string }>;
}

export function outputPaths(dir: string, id: number): FaceOutputs {
  const file = (name: string) => path.join(dir, String(id), `${name}.png`);
  const edits = Object.fromEntries(
    EDITS.map(({ attribute }) => [attribute, { low: file(`${attribute}-1`), high: file(`${attribute}+1`) }]),
  ) as FaceOutputs['edits'];
  return { neutral: file('neutral'), edits };
}

/** The batch CLI's job lines for one face (from its strokes where it has them): the neutral face and each edit at −1 and +1. */
function jobLines(face: EvalInputs['faces'][number], outputs: FaceOutputs, model: string): string[] {
  const source = face.strokes !== undefined ? { strokes: face.strokes } : { sketch: face.sketch };
  const line = (attrs: Record<string, number>, out: string) => JSON.stringify({ ...source, attrs, out, model });
  return [
    line({}, outputs.neutral),
    ...EDITS.flatMap(({ attribute }) => [
      line({ [attribute]: -1 }, outputs.edits[attribute].low),
      line({ [attribute]: 1 }, outputs.edits[attribute].high),
    ]),
  ];
}

/**
 * Renders every face through the inference service's batch CLI (`npm run generate`, the contract of
 * server/inference/cli.ts) into `dir`, showing progress as the PNGs appear.
 */
export async function generateFaces(
  inputs: EvalInputs,
  options: { model: string; modelsDir: string; dir: string },
): Promise<Map<number, FaceOutputs>> {
  await rm(options.dir, { recursive: true, force: true });
  await mkdir(options.dir, { recursive: true });
  const outputs = new Map(inputs.faces.map((face) => [face.id, outputPaths(options.dir, face.id)]));
  const lines = inputs.faces.flatMap((face) => jobLines(face, outputs.get(face.id)!, options.model));
  const jobsFile = path.join(options.dir, 'jobs.jsonl');
  await writeFile(jobsFile, `${lines.join('\n')}\n`);

  const files = [...outputs.values()].flatMap((o) => [o.neutral, ...Object.values(o.edits).flatMap(({ low, high }) => [low, high])]);
  const progress = new Progress(`generating faces with ${options.model}:`, files.length);
  const poll = setInterval(() => progress.update(files.filter((file) => existsSync(file)).length), 1000);
  try {
    await runCommand('npm', ['run', '--silent', 'generate', '--', '--models', options.modelsDir, jobsFile]);
  } finally {
    clearInterval(poll);
  }
  progress.finish();
  return outputs;
}
