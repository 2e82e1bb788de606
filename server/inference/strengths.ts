import { InputError } from './errors.ts';
import type { ModelSpec } from './manifest.ts';

/**
 * The decoder's `attributes` row from a caller's `{name: strength}` object: manifest order, missing
 * names 0. Unknown names and strengths that are not finite numbers in [-1, 1] are refused, not clamped,
 * so a caller's mistake is never silently rendered as something else.
 */
export function attributeVector(model: ModelSpec, strengths: unknown): Float32Array {
  const vector = new Float32Array(model.attributes.length);
  if (strengths === undefined || strengths === null) return vector;
  if (typeof strengths !== 'object' || Array.isArray(strengths)) {
    throw new InputError('attributes must be an object of {name: strength}');
  }
  for (const [name, value] of Object.entries(strengths)) {
    const index = model.attributes.indexOf(name);
    if (index < 0) {
      throw new InputError(`unknown attribute "${name}" for model ${model.name}; known: ${model.attributes.join(', ')}`);
    }
    if (typeof value !== 'number' || !Number.isFinite(value) || value < -1 || value > 1) {
      throw new InputError(`attribute "${name}" must be a number in [-1, 1], got ${typeof value === 'number' ? value : JSON.stringify(value)}`);
    }
    vector[index] = value;
  }
  return vector;
}
