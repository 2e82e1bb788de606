import { InputError, ModelError } from './errors.ts';
import { readManifest, type ModelSpec } from './manifest.ts';

/** The models this server serves, read once from the manifest with every graph file verified. */
export class ModelRegistry {
  private readonly byName: ReadonlyMap<string, ModelSpec>;

  private constructor(
    readonly models: readonly ModelSpec[],
    readonly defaultModel: string,
  ) {
    this.byName = new Map(models.map((model) => [model.name, model]));
  }

  /** `defaultModel` (the MODEL setting) overrides the manifest's default. */
  static async load(modelsDir: string, defaultModel?: string): Promise<ModelRegistry> {
    const manifest = await readManifest(modelsDir);
    const chosen = defaultModel ?? manifest.defaultModel;
    if (!manifest.models.some((model) => model.name === chosen)) {
      throw new ModelError(`MODEL "${chosen}" is not in the manifest (${manifest.models.map((m) => m.name).join(', ')})`);
    }
    return new ModelRegistry(manifest.models, chosen);
  }

  find(name: string | undefined): ModelSpec | undefined {
    return name === undefined ? undefined : this.byName.get(name);
  }

  /** The named model, or the default one; an unknown name is the caller's mistake. */
  get(name?: string): ModelSpec {
    const model = this.byName.get(name ?? this.defaultModel);
    if (!model) throw new InputError(`unknown model "${name}"; available: ${[...this.byName.keys()].join(', ')}`);
    return model;
  }
}
