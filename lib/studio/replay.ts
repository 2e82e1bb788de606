import type { Stroke } from '../doc/index.ts';
import type { SketchSnapshot } from './history.ts';

/** How long one stroke takes to draw at 1× speed, and how long each checkpoint's face stays. */
export const REPLAY_STROKE_MS = 450;
export const REPLAY_HOLD_MS = 900;

export interface ReplayPlan {
  snapshots: SketchSnapshot[];
  /** Per snapshot: which of its strokes are new since the one before (drawn during the replay). */
  added: Set<string>[];
  /** Per snapshot: when its part of the replay starts, in ms at 1×. */
  starts: number[];
  totalMs: number;
}

export interface ReplayFrame {
  strokes: Stroke[];
  /** The snapshot being drawn. */
  index: number;
  /** Whether its strokes are all drawn (its face can show). */
  complete: boolean;
}

/** The replay of a room's timeline: each checkpoint's new strokes drawn one by one, then a pause on it. */
export function planReplay(snapshots: SketchSnapshot[]): ReplayPlan {
  const added: Set<string>[] = [];
  const starts: number[] = [];
  let clock = 0;
  snapshots.forEach((snapshot, i) => {
    const before = new Set(i > 0 ? snapshots[i - 1]!.strokes.map((stroke) => stroke.id) : []);
    const fresh = new Set(snapshot.strokes.filter((stroke) => !before.has(stroke.id)).map((stroke) => stroke.id));
    added.push(fresh);
    starts.push(clock);
    clock += fresh.size * REPLAY_STROKE_MS + REPLAY_HOLD_MS;
  });
  return { snapshots, added, starts, totalMs: clock };
}

/** What the canvas shows `ms` into the replay (at 1×). */
export function replayFrame(plan: ReplayPlan, ms: number): ReplayFrame {
  if (plan.snapshots.length === 0) return { strokes: [], index: 0, complete: true };
  const t = Math.min(Math.max(0, ms), plan.totalMs);
  let index = plan.starts.length - 1;
  while (index > 0 && plan.starts[index]! > t) index--;
  const snapshot = plan.snapshots[index]!;
  const fresh = plan.added[index]!;
  const drawing = (t - plan.starts[index]!) / REPLAY_STROKE_MS;
  let seen = 0;
  const strokes: Stroke[] = [];
  for (const stroke of snapshot.strokes) {
    if (!fresh.has(stroke.id)) {
      strokes.push(stroke);
      continue;
    }
    const progress = drawing - seen;
    seen++;
    if (progress >= 1) strokes.push(stroke);
    else if (progress > 0) {
      const points = Math.max(1, Math.ceil((stroke.points.length / 3) * progress));
      // A part-drawn stroke gets an id of its own: canvases cache a stroke's outline by id.
      strokes.push({ ...stroke, id: `${stroke.id}~${points}`, points: stroke.points.subarray(0, points * 3) });
    }
  }
  return { strokes, index, complete: drawing >= fresh.size };
}
