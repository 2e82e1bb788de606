import { attributeName } from '../../lib/studio/attributes.ts';
import type { SketchSnapshot } from '../../lib/studio/history.ts';

function count(n: number, one: string): string {
  return `${n} ${one}${n === 1 ? '' : 's'}`;
}

function strength(value: number): string {
  return `${value >= 0 ? '+' : '−'}${Math.abs(value).toFixed(2)}`;
}

/** A checkpoint's automatic name: what changed since the one before ("3 strokes added · Smile +0.40"). */
export function describeChange(before: SketchSnapshot | null, after: SketchSnapshot): string {
  const had = new Set(before?.strokes.map((stroke) => stroke.id) ?? []);
  const has = new Set(after.strokes.map((stroke) => stroke.id));
  const added = after.strokes.filter((stroke) => !had.has(stroke.id)).length;
  const removed = [...had].filter((id) => !has.has(id)).length;
  const parts: string[] = [];
  if (added > 0) parts.push(`${count(added, 'stroke')} added`);
  if (removed > 0) parts.push(`${count(removed, 'stroke')} removed`);
  const attributes = new Set([...Object.keys(before?.sliders ?? {}), ...Object.keys(after.sliders)]);
  const moved = [...attributes].filter((name) => (before?.sliders[name] ?? 0) !== (after.sliders[name] ?? 0));
  for (const name of moved.slice(0, 2)) parts.push(`${attributeName(name)} ${strength(after.sliders[name] ?? 0)}`);
  if (moved.length > 2) parts.push(`${moved.length - 2} more sliders`);
  return parts.join(' · ') || 'No change';
}
