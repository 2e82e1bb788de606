import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addStroke, readSliders, readStrokes, setSlider, strokesOf, toStrokeRecord, type Stroke } from '../../lib/doc/index.ts';
import { readSnapshot, restoreCheckpoint, sameSnapshot } from '../../lib/studio/history.ts';
import { planReplay, replayFrame, REPLAY_HOLD_MS, REPLAY_STROKE_MS } from '../../lib/studio/replay.ts';
import { describeChange } from '../../server/history/labels.ts';

function stroke(id: string, tool: Stroke['tool'] = 'pen', n = 10): Stroke {
  const points = new Float32Array(n * 3);
  for (let i = 0; i < n; i++) points.set([i / n, 0.5, 0.5], i * 3);
  return { id, author: '1', tool, width: 0.01, points };
}

function docWith(ids: string[], sliders: Record<string, number> = {}): Y.Doc {
  const doc = new Y.Doc();
  for (const id of ids) addStroke(doc, stroke(id, id.startsWith('e') ? 'eraser' : 'pen'));
  for (const [name, value] of Object.entries(sliders)) setSlider(doc, name, value);
  return doc;
}

describe('restoring a checkpoint', () => {
  it('makes strokes (in order) and sliders those of the checkpoint, as one undoable change', () => {
    const checkpoint = Y.encodeStateAsUpdate(docWith(['a', 'b', 'e1', 'c'], { Smiling: 0.5 }));
    const doc = docWith(['a', 'b', 'x'], { Young: -0.3 });
    const undo = new Y.UndoManager([strokesOf(doc), doc.getMap('sliders')], { trackedOrigins: new Set(['me']), captureTimeout: 0 });
    restoreCheckpoint(doc, checkpoint, 'me');
    expect(readStrokes(doc).map((s) => s.id)).toEqual(['a', 'b', 'e1', 'c']);
    expect(readSliders(doc)).toEqual({ Smiling: 0.5 });
    undo.undo();
    expect(readStrokes(doc).map((s) => s.id)).toEqual(['a', 'b', 'x']);
    expect(readSliders(doc)).toEqual({ Young: -0.3 });
  });

  it('keeps the strokes both share from the start: a restore to the same state changes nothing', () => {
    const doc = docWith(['a', 'b']);
    const updates: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array) => updates.push(update));
    restoreCheckpoint(doc, Y.encodeStateAsUpdate(docWith(['a', 'b'])), 'me');
    expect(updates).toHaveLength(0);
  });

  it('reads a checkpoint back and compares states by strokes and non-zero sliders', () => {
    const a = readSnapshot(Y.encodeStateAsUpdate(docWith(['a', 'b'], { Smiling: 0.2, Young: 0 })));
    expect(a.strokes.map((s) => s.id)).toEqual(['a', 'b']);
    expect(sameSnapshot(a, readSnapshot(Y.encodeStateAsUpdate(docWith(['a', 'b'], { Smiling: 0.2 }))))).toBe(true);
    expect(sameSnapshot(a, readSnapshot(Y.encodeStateAsUpdate(docWith(['b', 'a'], { Smiling: 0.2 }))))).toBe(false);
    expect(sameSnapshot(a, readSnapshot(Y.encodeStateAsUpdate(docWith(['a', 'b'], { Smiling: 0.3 }))))).toBe(false);
  });
});

describe('checkpoint names', () => {
  const snap = (ids: string[], sliders: Record<string, number> = {}) => ({ strokes: ids.map((id) => stroke(id)), sliders });
  it('say what changed since the checkpoint before', () => {
    expect(describeChange(null, snap(['a', 'b', 'c']))).toBe('3 strokes added');
    expect(describeChange(snap(['a', 'b']), snap(['a', 'c']))).toBe('1 stroke added · 1 stroke removed');
    expect(describeChange(snap(['a']), snap(['a'], { Smiling: 0.4 }))).toBe('Smile +0.40');
    expect(describeChange(snap(['a'], { Smiling: 0.4, Young: 1, Male: 1 }), snap(['a']))).toBe('Smile +0.00 · Youth +0.00 · 1 more sliders');
    expect(describeChange(snap(['a']), snap(['a']))).toBe('No change');
  });
});

describe('replay', () => {
  const snap = (ids: string[]) => ({ strokes: ids.map((id) => stroke(id, 'pen', 20)), sliders: {} });

  it('draws each checkpoint’s new strokes one by one, then holds on it', () => {
    const plan = planReplay([snap(['a', 'b']), snap(['a', 'b', 'c']), snap([])]);
    expect(plan.starts).toEqual([0, 2 * REPLAY_STROKE_MS + REPLAY_HOLD_MS, 3 * REPLAY_STROKE_MS + 2 * REPLAY_HOLD_MS]);
    expect(plan.totalMs).toBe(3 * REPLAY_STROKE_MS + 3 * REPLAY_HOLD_MS);

    expect(replayFrame(plan, 0)).toMatchObject({ index: 0, complete: false, strokes: [] });
    const half = replayFrame(plan, REPLAY_STROKE_MS / 2);
    expect(half.strokes).toHaveLength(1);
    expect(half.strokes[0]!.points.length).toBe(30); // half of 20 points, 3 numbers each
    expect(half.strokes[0]!.id).not.toBe('a'); // a part-drawn stroke is not cached as the whole one
    expect(replayFrame(plan, 2 * REPLAY_STROKE_MS + 1)).toMatchObject({ index: 0, complete: true });
    expect(replayFrame(plan, 2 * REPLAY_STROKE_MS + 1).strokes.map((s) => s.id)).toEqual(['a', 'b']);

    // The second checkpoint starts from the first one's strokes; the clear shows an empty page.
    expect(replayFrame(plan, plan.starts[1]!).strokes.map((s) => s.id)).toEqual(['a', 'b']);
    expect(replayFrame(plan, plan.starts[2]!)).toMatchObject({ index: 2, complete: true, strokes: [] });
    expect(replayFrame(plan, plan.totalMs + 10_000).index).toBe(2);
    expect(replayFrame(planReplay([]), 5)).toMatchObject({ strokes: [], complete: true });
  });
});

describe('starters', () => {
  it('are valid strokes that the document accepts', async () => {
    const { STARTERS, starterStrokes } = await import('../../lib/studio/starters.ts');
    expect(STARTERS.length).toBeGreaterThanOrEqual(3);
    for (const starter of STARTERS) {
      expect(starter.strokes.length).toBeGreaterThanOrEqual(7);
      for (const s of starterStrokes(starter, 'abc')) expect(() => toStrokeRecord(s)).not.toThrow();
      expect(new Set(starterStrokes(starter, 'x').map((s) => s.id)).size).toBe(starter.strokes.length);
    }
  });
});
