/**
 * Evaluation with independent judges:
 *
 *   npm run eval -- [--model NAME] [--n 200] [--style clean|rough|studio] [--seed 0] [--card] [--models DIR] [--out DIR]
 *
 * Validation sketches → faces through the batch CLI (neutral, and Smiling / Male / Young at −1 and +1) →
 * face-api's pretrained judges → metrics next to two baselines (nearest-neighbour retrieval, mean face), all
 * judged at the model's output resolution.
 * Writes <out>/report.json (summary and per-face scores) and <out>/report.md; with --card also
 * <models>/<NAME>/eval-<style>.json and the "Evaluation" section of <models>/<NAME>/README.md.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { readManifest } from '../../server/inference/manifest.ts';
import { updateModelCard } from './card.ts';
import { REPO_ROOT } from './command.ts';
import { generateFaces } from './generate.ts';
import { prepareInputs } from './inputs.ts';
import { loadJudge } from './judge.ts';
import { parseOptions } from './options.ts';
import { formatSeconds } from './progress.ts';
import { renderTables, summarise } from './report.ts';
import { scoreFaces } from './score-faces.ts';

async function timed<T>(phase: string, work: () => Promise<T>): Promise<T> {
  const start = performance.now();
  const result = await work();
  process.stderr.write(`eval: ${phase} done in ${formatSeconds((performance.now() - start) / 1000)}\n`);
  return result;
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const started = performance.now();
  const manifest = await readManifest(options.modelsDir);
  const modelName = options.model ?? manifest.defaultModel;
  const model = manifest.models.find((m) => m.name === modelName);
  if (!model) throw new Error(`model "${modelName}" is not in ${options.modelsDir}/manifest.json (${manifest.models.map((m) => m.name).join(', ')})`);
  const missing = ['Smiling', 'Male', 'Young'].filter((attribute) => !model.attributes.includes(attribute));
  if (missing.length > 0) throw new Error(`model "${modelName}" has no ${missing.join(', ')} slider`);
  const out = path.resolve(options.out ?? path.join(REPO_ROOT, '.cache', 'eval', `${modelName}-${options.style}`));
  await mkdir(out, { recursive: true });
  process.stderr.write(
    `eval: ${modelName} (${model.resolution} → ${model.outputResolution} px), ${options.n} validation faces, ${options.style} sketches → ${out}\n`,
  );

  const inputs = await timed('inputs', () =>
    prepareInputs({
      dir: path.join(out, 'inputs'),
      size: model.resolution,
      outputSize: model.outputResolution,
      n: options.n,
      style: options.style,
      seed: options.seed,
    }),
  );
  const outputs = await timed('generation', () =>
    generateFaces(inputs, { model: modelName, modelsDir: options.modelsDir, dir: path.join(out, 'faces') }),
  );
  const faces = await timed('judging', async () => scoreFaces(await loadJudge(), inputs, outputs));
  const report = summarise(faces, {
    model: modelName,
    decoderSha256: createHash('sha256').update(await readFile(model.graphs.decoder)).digest('hex'),
    inputResolution: model.resolution,
    resolution: model.outputResolution,
    style: options.style,
    seed: options.seed,
    trainingFaces: inputs.trainingFaces,
    runtimeSeconds: (performance.now() - started) / 1000,
    date: new Date().toISOString().slice(0, 10),
  });

  const tables = renderTables(report);
  await writeFile(path.join(out, 'report.json'), `${JSON.stringify({ ...report, perFace: faces }, null, 1)}\n`);
  await writeFile(path.join(out, 'report.md'), `${tables}\n`);
  process.stdout.write(`\n${tables}\n\n`);
  if (options.card) {
    const card = await updateModelCard(path.join(options.modelsDir, modelName), report);
    process.stderr.write(`eval: updated ${card}\n`);
  }
  process.stderr.write(`eval: done in ${formatSeconds(report.runtimeSeconds)}; report in ${path.join(out, 'report.json')}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`eval: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
