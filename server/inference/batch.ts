import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { IMAGE_LIMITS } from './image-decode.ts';
import type { SketchSource } from './pipeline.ts';
import type { InferenceService } from './service.ts';
import { rasterStrokes, StrokesInput } from './stroke-input.ts';

/**
 * One line of a jobs file: `{"sketch"|"photo"|"strokes": path, "attrs"?: {name: strength}, "out": path, "model"?: name}`.
 * A strokes file holds a JSON array of document strokes, `{tool, width, points: [x, y, pressure, …]}`, rasterised
 * as a room's strokes are.
 */
const JobLine = z
  .object({
    sketch: z.string().min(1).optional(),
    photo: z.string().min(1).optional(),
    strokes: z.string().min(1).optional(),
    attrs: z.record(z.string(), z.unknown()).optional(),
    out: z.string().min(1),
    model: z.string().min(1).optional(),
  })
  .refine((job) => [job.sketch, job.photo, job.strokes].filter((input) => input !== undefined).length === 1, {
    message: 'give exactly one of "sketch", "photo" or "strokes"',
  });

/** Ample for the most strokes StrokesInput allows at a typical length; a runaway file is refused before parsing. */
const MAX_STROKES_FILE_BYTES = 64 * 1024 * 1024;

export interface BatchReport {
  done: number;
  failed: number;
}

/**
 * Renders every job line (blank lines skipped), `concurrency` at a time, writing each face PNG at the
 * model's output resolution. A bad line is reported through `onError` with its 1-based number and the rest go on.
 * Relative paths are resolved against `baseDir`.
 */
export async function runBatch(
  lines: AsyncIterable<string> | Iterable<string>,
  service: Pick<InferenceService, 'generate'>,
  options: { baseDir: string; concurrency: number; onError: (lineNumber: number, message: string) => void },
): Promise<BatchReport> {
  const report: BatchReport = { done: 0, failed: 0 };
  const running = new Set<Promise<void>>();
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber++;
    if (line.trim() === '') continue;
    const number = lineNumber;
    const task = runLine(line, service, options.baseDir).then(
      () => void report.done++,
      (error: unknown) => {
        report.failed++;
        options.onError(number, error instanceof Error ? error.message : String(error));
      },
    );
    running.add(task);
    void task.then(() => running.delete(task));
    if (running.size >= options.concurrency) await Promise.race(running);
  }
  await Promise.all(running);
  return report;
}

async function runLine(line: string, service: Pick<InferenceService, 'generate'>, baseDir: string): Promise<void> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    throw new Error('not valid JSON');
  }
  const result = JobLine.safeParse(parsed);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new Error(issue.path.length ? `"${issue.path.join('.')}": ${issue.message}` : issue.message);
  }
  const job = result.data;
  const face = await service.generate({ model: job.model, attributes: job.attrs, source: await readSource(job, baseDir) });
  const out = path.resolve(baseDir, job.out);
  await mkdir(path.dirname(out), { recursive: true });
  await writeFile(out, face.png);
}

async function readSource(job: z.infer<typeof JobLine>, baseDir: string): Promise<SketchSource> {
  if (job.strokes !== undefined) {
    const file = path.resolve(baseDir, job.strokes);
    const text = (await readInput(file, MAX_STROKES_FILE_BYTES)).toString('utf8');
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new Error(`${file} is not valid JSON`);
    }
    const strokes = StrokesInput.safeParse(parsed);
    if (!strokes.success) {
      const issue = strokes.error.issues[0]!;
      throw new Error(`${file}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
    }
    return { kind: 'strokes', strokes: rasterStrokes(strokes.data) };
  }
  const bytes = await readInput(path.resolve(baseDir, (job.sketch ?? job.photo)!), IMAGE_LIMITS.maxBytes);
  return job.sketch !== undefined ? { kind: 'sketchImage', bytes } : { kind: 'photo', bytes };
}

async function readInput(file: string, maxBytes: number): Promise<Buffer> {
  try {
    const { size } = await stat(file);
    if (size > maxBytes) throw new Error(`${file} is ${size} bytes; the limit is ${maxBytes}`);
    return await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw code ? new Error(`cannot read ${file}: ${code}`) : error;
  }
}
