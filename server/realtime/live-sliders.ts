import { LIMITS } from '../../lib/doc/records.ts';

/** Attribute → strength of the sliders someone is dragging right now (not yet in the document). */
export type LiveSliders = Record<string, number>;

/**
 * The live slider values in a room's presence (lib/realtime/presence.ts `dragging`): a drag is shown to
 * everyone by rendering it before it is committed. States are untrusted; malformed drags are ignored.
 * Keys come out sorted, so equal drags give equal JSON.
 */
export function readLiveSliders(states: Map<number, Record<string, unknown>>): LiveSliders {
  const live: LiveSliders = {};
  for (const state of states.values()) {
    const dragging = state.dragging as { attribute?: unknown; value?: unknown } | null | undefined;
    if (typeof dragging !== 'object' || dragging === null) continue;
    const { attribute, value } = dragging;
    if (typeof attribute !== 'string' || attribute.length === 0 || attribute.length > LIMITS.attributeLength) continue;
    if (typeof value !== 'number' || !(value >= -1 && value <= 1)) continue;
    live[attribute] = value;
  }
  return Object.fromEntries(Object.entries(live).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
