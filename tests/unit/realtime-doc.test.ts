import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addStroke,
  clearStrokes,
  isStrokeRecord,
  packPoints,
  readMeta,
  readSliders,
  readStrokes,
  setMeta,
  setSlider,
  slidersOf,
  strokesOf,
  unpackPoints,
  type Stroke,
} from '../../lib/doc/index.ts';

const stroke = (id: string, points = [0.1, 0.2, 0.5, 0.3, 0.4, 1]): Stroke => ({
  id,
  author: 'alice',
  tool: 'pen',
  width: 0.01,
  points: new Float32Array(points),
});

describe('stroke points', () => {
  it('round-trip through little-endian bytes, whatever the byte offset', () => {
    const values = [0, 0.5, 1, 0.25, 0.75, 0.125];
    const packed = packPoints(values);
    expect(packed.byteLength).toBe(24);
    const shifted = new Uint8Array(packed.byteLength + 1);
    shifted.set(packed, 1);
    expect([...unpackPoints(shifted.subarray(1))]).toEqual(values);
  });

  it('refuse anything but whole triples', () => {
    expect(() => packPoints([0.1, 0.2])).toThrow(/triples/);
    expect(() => unpackPoints(new Uint8Array(10))).toThrow(/multiple of 12/);
  });
});

describe('stroke records', () => {
  const valid = { id: 's-1', author: 'a', tool: 'pen', width: 0.02, points: packPoints([0.5, 0.5, 1]) };

  it('accept a well-formed stroke', () => {
    expect(isStrokeRecord(valid)).toBe(true);
  });

  it.each([
    ['an unknown tool', { ...valid, tool: 'laser' }],
    ['a zero width', { ...valid, width: 0 }],
    ['a huge width', { ...valid, width: 3 }],
    ['points outside the canvas', { ...valid, points: packPoints([1.5, 0.5, 1]) }],
    ['NaN points', { ...valid, points: packPoints([Number.NaN, 0.5, 1]) }],
    ['no points', { ...valid, points: new Uint8Array(0) }],
    ['points as numbers', { ...valid, points: [0.5, 0.5, 1] }],
    ['an id with spaces', { ...valid, id: 'a b' }],
    ['an extra field', { ...valid, extra: 1 }],
    ['a missing field', { id: 's', author: 'a', tool: 'pen', width: 0.02 }],
  ])('reject %s', (_, record) => {
    expect(isStrokeRecord(record)).toBe(false);
  });
});

describe('the room document', () => {
  it('stores strokes, sliders and meta, and reads them back', () => {
    const doc = new Y.Doc();
    addStroke(doc, stroke('a'));
    addStroke(doc, { ...stroke('b'), tool: 'eraser', width: 0.05 });
    setSlider(doc, 'Smiling', 0.5);
    setSlider(doc, 'Male', -7);
    setMeta(doc, { title: 'Portrait', model: 's2f-dis-s64' });

    const strokes = readStrokes(doc);
    expect(strokes.map((s) => [s.id, s.tool, s.width])).toEqual([
      ['a', 'pen', 0.01],
      ['b', 'eraser', 0.05],
    ]);
    expect([...strokes[0]!.points]).toEqual([...new Float32Array([0.1, 0.2, 0.5, 0.3, 0.4, 1])]);
    expect(readSliders(doc)).toEqual({ Smiling: 0.5, Male: -1 });
    expect(readMeta(doc)).toEqual({ title: 'Portrait', model: 's2f-dis-s64' });
  });

  it('refuses to add an invalid stroke and leaves the document unchanged', () => {
    const doc = new Y.Doc();
    expect(() => addStroke(doc, stroke('bad', [2, 2, 2]))).toThrow(/invalid stroke/);
    expect(strokesOf(doc).length).toBe(0);
  });

  it('hides values that do not belong where they are', () => {
    const doc = new Y.Doc();
    addStroke(doc, stroke('ok'));
    (strokesOf(doc) as unknown as Y.Array<unknown>).push([42, { id: 'x' }]);
    (slidersOf(doc) as unknown as Y.Map<unknown>).set('Smiling', 'very');
    expect(readStrokes(doc).map((s) => s.id)).toEqual(['ok']);
    expect(readSliders(doc)).toEqual({});
    expect(readMeta(doc)).toEqual({ title: '', model: '' });
  });

  it('undoes a clear in one step, and only the local user’s own strokes', () => {
    const doc = new Y.Doc();
    const other = new Y.Doc();
    const local = Symbol('local');
    const undo = new Y.UndoManager(strokesOf(doc), { trackedOrigins: new Set([local]) });
    addStroke(other, stroke('theirs'));
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(other));
    addStroke(doc, stroke('mine-1'), local);
    undo.stopCapturing();
    addStroke(doc, stroke('mine-2'), local);
    undo.stopCapturing();
    clearStrokes(doc, local);
    expect(readStrokes(doc)).toEqual([]);
    undo.undo();
    expect(readStrokes(doc).map((s) => s.id)).toEqual(['theirs', 'mine-1', 'mine-2']);
    undo.undo();
    undo.undo();
    expect(readStrokes(doc).map((s) => s.id)).toEqual(['theirs']);
  });
});
