import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { ModelError } from './errors.ts';

const GRAPHS = ['sketchEncoder', 'imageEncoder', 'decoder'] as const;
export type GraphName = (typeof GRAPHS)[number];

const fileSchema = z.object({ path: z.string().min(1), sha256: z.string().regex(/^[0-9a-f]{64}$/) });

const modelSchema = z.object({
  name: z.string().regex(/^[\w.-]+$/),
  variant: z.enum(['dis', 'dec']),
  resolution: z.number().int().min(8).max(1024),
  outputResolution: z.number().int().min(8).max(2048),
  latentDim: z.number().int().positive(),
  structure: z.object({ channels: z.number().int().positive(), size: z.number().int().positive() }),
  attributes: z.array(z.string().min(1)).min(1),
  sketch: z.object({ ink: z.number(), paper: z.number(), lineWidthPx: z.number().positive() }),
  files: z.object({ sketchEncoder: fileSchema, imageEncoder: fileSchema, decoder: fileSchema }),
});

const manifestSchema = z.object({ default: z.string(), models: z.array(modelSchema).min(1) });

/** One servable model as the manifest describes it, with its graph paths made absolute. */
export interface ModelSpec {
  name: string;
  variant: 'dis' | 'dec';
  /** Sketches and photos go in at resolution × resolution. */
  resolution: number;
  /** Faces come out at outputResolution × outputResolution. */
  outputResolution: number;
  latentDim: number;
  /** The spatial structure code the encoders emit beside the latent: channels × size × size. */
  structure: { channels: number; size: number };
  attributes: readonly string[];
  sketch: { ink: number; paper: number; lineWidthPx: number };
  graphs: Record<GraphName, string>;
}

export interface Manifest {
  defaultModel: string;
  models: ModelSpec[];
}

/** Reads and validates `<modelsDir>/manifest.json` (the contract of models/README.md). */
export async function readManifest(modelsDir: string): Promise<Manifest> {
  const file = path.join(modelsDir, 'manifest.json');
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new ModelError(`cannot read ${file}: ${(error as Error).message}`);
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ModelError(`${file}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  const models = parsed.data.models.map((model) => ({
    name: model.name,
    variant: model.variant,
    resolution: model.resolution,
    outputResolution: model.outputResolution,
    latentDim: model.latentDim,
    structure: model.structure,
    attributes: model.attributes,
    sketch: model.sketch,
    graphs: Object.fromEntries(
      GRAPHS.map((graph) => [graph, path.resolve(modelsDir, model.files[graph].path)]),
    ) as Record<GraphName, string>,
  }));
  const names = models.map((model) => model.name);
  const duplicate = names.find((name, index) => names.indexOf(name) !== index);
  if (duplicate) throw new ModelError(`${file}: model "${duplicate}" is listed twice`);
  if (!names.includes(parsed.data.default)) {
    throw new ModelError(`${file}: default model "${parsed.data.default}" is not among ${names.join(', ')}`);
  }
  await Promise.all(
    parsed.data.models.flatMap((model, index) =>
      GRAPHS.map((graph) => verifyFile(models[index]!.graphs[graph], model.files[graph].sha256)),
    ),
  );
  return { defaultModel: parsed.data.default, models };
}

async function verifyFile(file: string, expected: string): Promise<void> {
  const hash = createHash('sha256');
  try {
    for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  } catch (error) {
    throw new ModelError(`cannot read model file ${file}: ${(error as Error).message}`);
  }
  const actual = hash.digest('hex');
  if (actual !== expected) {
    throw new ModelError(`model file ${file} has sha256 ${actual}, the manifest expects ${expected}`);
  }
}
