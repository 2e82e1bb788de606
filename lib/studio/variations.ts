import { roundStrength } from './attributes.ts';

/** How far a nearby face strays from the current one: the spread of each slider's random step. */
export const VARIATION_SPREAD = 0.35;

/** A standard normal sample (Box–Muller). */
function gaussian(random: () => number): number {
  const u = 1 - random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Slider strengths near `sliders`: every attribute moved by a small random step, kept in [-1, 1]. */
export function nearbySliders(sliders: Record<string, number>, attributes: readonly string[], random: () => number = Math.random): Record<string, number> {
  const next: Record<string, number> = {};
  for (const attribute of attributes) next[attribute] = roundStrength((sliders[attribute] ?? 0) + VARIATION_SPREAD * gaussian(random));
  return next;
}
