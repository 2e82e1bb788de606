import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { InputError, ModelError } from '../../server/inference/errors.ts';
import { readManifest } from '../../server/inference/manifest.ts';
import { ModelRegistry } from '../../server/inference/registry.ts';
import { attributeVector } from '../../server/inference/strengths.ts';
import { TINY_MODEL_DIR } from './inference-golden.ts';

const copies: string[] = [];

/** A writable copy of the tiny fixture model, with `edit` applied to its parsed manifest. */
function modelCopy(edit: (manifest: { default: string; models: Record<string, unknown>[] }) => void = () => undefined): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'facesketch-models-'));
  copies.push(dir);
  cpSync(TINY_MODEL_DIR, dir, { recursive: true });
  const file = path.join(dir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(file, 'utf8'));
  edit(manifest);
  writeFileSync(file, JSON.stringify(manifest));
  return dir;
}

afterEach(() => {
  for (const dir of copies.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('the manifest', () => {
  test('is read with absolute graph paths', async () => {
    const manifest = await readManifest(TINY_MODEL_DIR);
    expect(manifest.defaultModel).toBe('tiny');
    expect(manifest.models.map((model) => model.name)).toEqual(['tiny', 'tiny-dec']);
    const [model] = manifest.models;
    expect(model).toMatchObject({
      name: 'tiny',
      variant: 'dis',
      resolution: 16,
      outputResolution: 32,
      latentDim: 32,
      structure: { channels: 4, size: 4 },
      sketch: { ink: -1, paper: 1 },
    });
    expect(model!.attributes).toHaveLength(12);
    expect(model!.graphs.decoder).toBe(path.join(TINY_MODEL_DIR, 'tiny/decoder.onnx'));
  });

  test('refuses a graph whose sha256 differs', async () => {
    const dir = modelCopy();
    writeFileSync(path.join(dir, 'tiny/decoder.onnx'), 'not the graph');
    await expect(readManifest(dir)).rejects.toThrow(/decoder\.onnx has sha256 [0-9a-f]{64}, the manifest expects/);
  });

  test('refuses a missing graph, a bad field and an unknown default, naming the problem', async () => {
    const missing = modelCopy((m) => ((m.models[0]!.files as Record<string, { path: string }>).imageEncoder!.path = 'nope.onnx'));
    await expect(readManifest(missing)).rejects.toThrow(/cannot read model file .*nope\.onnx/);
    const badField = modelCopy((m) => (m.models[0]!.resolution = 'big'));
    await expect(readManifest(badField)).rejects.toThrow(/models\.0\.resolution/);
    const noOutput = modelCopy((m) => delete m.models[1]!.outputResolution);
    await expect(readManifest(noOutput)).rejects.toThrow(/manifest\.json: models\.1\.outputResolution: /);
    const badStructure = modelCopy((m) => (m.models[0]!.structure = { channels: 4, size: 0 }));
    await expect(readManifest(badStructure)).rejects.toThrow(/manifest\.json: models\.0\.structure\.size: /);
    const badDefault = modelCopy((m) => (m.default = 'other'));
    await expect(readManifest(badDefault)).rejects.toThrow(/default model "other" is not among tiny, tiny-dec/);
    await expect(readManifest(path.join(tmpdir(), 'no-such-models'))).rejects.toThrow(ModelError);
    const corrupt = modelCopy();
    writeFileSync(path.join(corrupt, 'manifest.json'), '{"default": "tiny", "models": [');
    await expect(readManifest(corrupt)).rejects.toThrow(new RegExp(`cannot read ${path.join(corrupt, 'manifest.json')}: .*JSON`));
  });
});

describe('the registry', () => {
  test('serves the default model, or the MODEL override, and refuses unknown names', async () => {
    const registry = await ModelRegistry.load(TINY_MODEL_DIR);
    expect(registry.get().name).toBe('tiny');
    expect(registry.find('nope')).toBeUndefined();
    expect(() => registry.get('nope')).toThrow(InputError);
    expect(() => registry.get('nope')).toThrow('unknown model "nope"; available: tiny, tiny-dec');
    expect((await ModelRegistry.load(TINY_MODEL_DIR, 'tiny-dec')).get().variant).toBe('dec');
    await expect(ModelRegistry.load(TINY_MODEL_DIR, 'nope')).rejects.toThrow(/MODEL "nope" is not in the manifest/);
  });
});

describe('attribute strengths', async () => {
  const model = (await ModelRegistry.load(TINY_MODEL_DIR)).get();

  test('become the decoder row in manifest order, missing ones 0', () => {
    expect(Array.from(attributeVector(model, { Male: -0.5, Smiling: 1 }))).toEqual([1, -0.5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(Array.from(attributeVector(model, undefined))).toEqual(Array(12).fill(0));
  });

  test('refuse unknown names, non-numbers, NaN, infinities and values outside [-1, 1]', () => {
    expect(() => attributeVector(model, { Smile: 1 })).toThrow(/unknown attribute "Smile" for model tiny; known: Smiling, Male/);
    for (const bad of [NaN, Infinity, -Infinity, 1.01, -2, '1', null]) {
      expect(() => attributeVector(model, { Young: bad })).toThrow(/attribute "Young" must be a number in \[-1, 1\]/);
    }
    expect(() => attributeVector(model, [1, 2])).toThrow(/must be an object/);
  });
});
