import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addStroke, setMeta, setSlider, strokesOf } from '../../lib/doc/index.ts';
import { Refusal } from '../../server/realtime/errors.ts';
import { checkUpdate } from '../../server/realtime/guard.ts';

function updateOf(edit: (doc: Y.Doc) => void, base?: Y.Doc): Uint8Array {
  const doc = new Y.Doc();
  if (base) Y.applyUpdate(doc, Y.encodeStateAsUpdate(base));
  const before = Y.encodeStateVector(doc);
  edit(doc);
  return Y.encodeStateAsUpdate(doc, before);
}

function refusalOf(update: Uint8Array): string | null {
  try {
    checkUpdate(update);
    return null;
  } catch (error) {
    expect(error).toBeInstanceOf(Refusal);
    return (error as Refusal).code;
  }
}

const points = new Float32Array([0.1, 0.1, 1, 0.9, 0.9, 1]);

describe('checkUpdate', () => {
  it('accepts strokes, sliders, meta, deletions and an empty update', () => {
    const base = new Y.Doc();
    addStroke(base, { id: 'a', author: 'x', tool: 'pen', width: 0.01, points });
    expect(refusalOf(updateOf((doc) => addStroke(doc, { id: 'b', author: 'x', tool: 'eraser', width: 0.02, points }), base))).toBeNull();
    expect(refusalOf(updateOf((doc) => setSlider(doc, 'Smiling', 0.3)))).toBeNull();
    expect(refusalOf(updateOf((doc) => setMeta(doc, { title: 't', model: 'm' })))).toBeNull();
    expect(refusalOf(updateOf((doc) => strokesOf(doc).delete(0, 1), base))).toBeNull();
    expect(checkUpdate(updateOf((doc) => strokesOf(doc).delete(0, 1), base))).toEqual({ deletesOnly: true });
    expect(refusalOf(updateOf((doc) => setMeta(doc, { title: 'Zoë — été 😊', model: 'm' })))).toBeNull();
    expect(refusalOf(Y.encodeStateAsUpdate(new Y.Doc()))).toBeNull();
  });

  it.each([
    ['text', (doc: Y.Doc) => doc.getText('strokes').insert(0, 'hello')],
    ['a nested map', (doc: Y.Doc) => doc.getArray('strokes').push([new Y.Map()])],
    ['an unknown root', (doc: Y.Doc) => doc.getArray('other').push([1])],
    ['an invalid stroke', (doc: Y.Doc) => doc.getArray('strokes').push([{ id: 'a', author: 'x', tool: 'pen', width: 9, points: new Uint8Array(12) }])],
    ['a slider out of range', (doc: Y.Doc) => doc.getMap('sliders').set('Smiling', 4)],
    ['an object in meta', (doc: Y.Doc) => doc.getMap('meta').set('title', { html: '<b>' })],
    ['a forged remix lineage', (doc: Y.Doc) => doc.getMap('meta').set('remixOf', 'someoneElsesFace')],
    ['a title with a bidi override', (doc: Y.Doc) => doc.getMap('meta').set('title', 'evil\u202Egnp.exe')],
    ['a title with a control character', (doc: Y.Doc) => doc.getMap('meta').set('title', 'line\u0000break')],
    ['a subdocument', (doc: Y.Doc) => doc.getMap('meta').set('doc', new Y.Doc())],
  ])('refuses %s', (_, edit) => {
    expect(refusalOf(updateOf(edit))).toBe('invalid-content');
  });

  it('refuses bytes that are not an update', () => {
    expect(refusalOf(new Uint8Array([1, 2, 3, 250, 250, 250]))).toBe('malformed');
    expect(refusalOf(new Uint8Array([]))).toBe('malformed');
  });
});
