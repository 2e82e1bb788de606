/**
 * Batch face generation for evaluation tools:
 *
 *   npm run --silent generate -- <jobs.jsonl>
 *
 * Each line: {"sketch": "<png path>", "attrs": {"Smiling": 1, "Male": -0.5}, "out": "<png path>"}, with an
 * optional "model"; "photo" (a photo) or "strokes" (a JSON file of document strokes, `[{tool, width,
 * points: [x, y, pressure, …]}]`, rasterised as a room's are) instead of "sketch". Faces are written at
 * the model's output resolution. Attribute names as in models/manifest.json, strengths
 * in [-1, 1], missing ones 0. Paths are relative to the directory npm was run from. Bad lines are reported
 * on stderr as `<file>:<line>: <message>` and skipped; the exit status is 1 if any line failed, 2 if the
 * run could not start. MODELS_DIR, MODEL, INFERENCE_DEVICE and INFERENCE_WORKERS apply as for the
 * server; `--models <dir>` before the jobs file overrides MODELS_DIR.
 */
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { loadConfig } from '../config.ts';
import { runBatch } from './batch.ts';
import { InferenceService } from './service.ts';

function fail(message: string): never {
  process.stderr.write(`generate: ${message}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const baseDir = process.env.INIT_CWD ?? process.cwd(); // npm runs scripts from the package root
  const modelsFlag = args[0] === '--models' && args[1] ? path.resolve(baseDir, args.splice(0, 2)[1]!) : undefined;
  const [jobsArg, ...extra] = args;
  if (!jobsArg || extra.length > 0) fail('usage: npm run --silent generate -- [--models <dir>] <jobs.jsonl>');
  const jobsFile = path.resolve(baseDir, jobsArg);
  let config;
  try {
    config = loadConfig(modelsFlag ? { ...process.env, MODELS_DIR: modelsFlag } : process.env);
  } catch (error) {
    fail((error as Error).message);
  }
  let service: InferenceService;
  try {
    service = await InferenceService.start({
      modelsDir: config.modelsDir,
      defaultModel: config.model,
      device: config.inferenceDevice,
      workers: config.inferenceWorkers,
      log: { info: () => undefined, warn: (message: string) => process.stderr.write(`generate: ${message}\n`) },
    });
  } catch (error) {
    fail((error as Error).message);
  }
  const input = createReadStream(jobsFile, 'utf8');
  input.on('error', (error) => fail(`cannot read ${jobsFile}: ${error.message}`));
  const report = await runBatch(createInterface({ input, crlfDelay: Infinity }), service, {
    baseDir,
    concurrency: 2 * config.inferenceWorkers,
    onError: (line, message) => process.stderr.write(`${jobsArg}:${line}: ${message}\n`),
  });
  await service.close();
  process.stderr.write(`generate: ${report.done} faces written, ${report.failed} failed\n`);
  process.exitCode = report.failed > 0 ? 1 : 0;
}

void main();
