import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addStroke, setMeta, setSlider, type Stroke } from '../../lib/doc/index.ts';
import { attributeName, roundStrength } from '../../lib/studio/attributes.ts';
import { attributeRange, faceJson, FILTER_THRESHOLD } from '../../lib/studio/faces.ts';
import { faceCardPng } from '../../server/faces/card.ts';
import { decodeDocument, readSketchState, sketchDocument } from '../../server/faces/documents.ts';
import { sketchPng } from '../../server/faces/sketch-png.ts';
import { RasterPool } from '../../server/inference/raster-pool.ts';

const stroke = (id: string, y: number, tool: Stroke['tool'] = 'pen'): Stroke => ({
  id,
  author: 'a',
  tool,
  width: 0.02,
  points: Float32Array.of(0.2, y, 0.5, 0.5, y, 0.5, 0.8, y, 0.5),
});

function roomWith(strokes: Stroke[], sliders: Record<string, number>): Y.Doc {
  const doc = new Y.Doc();
  for (const s of strokes) addStroke(doc, s);
  for (const [name, value] of Object.entries(sliders)) setSlider(doc, name, value);
  setMeta(doc, { title: 'Room', model: 'tiny' });
  return doc;
}

function darkPixels(png: Uint8Array): number {
  const image = PNG.sync.read(Buffer.from(png));
  let dark = 0;
  for (let i = 0; i < image.data.length; i += 4) if (image.data[i]! < 100) dark++;
  return dark;
}

describe('remix documents', () => {
  it('start from exactly the parent’s strokes and sliders, with none of its history, and name the parent', () => {
    const parent = roomWith([stroke('a', 0.3), stroke('b', 0.5), stroke('c', 0.7)], { Smiling: 0.5, Young: -0.25 });
    Y.transact(parent, () => parent.getArray('strokes').delete(1, 1)); // history the remix must not carry
    const state = readSketchState(parent);
    const remix = decodeDocument(sketchDocument(state, 'Remix of Room', 'parentFace12'));
    const copied = readSketchState(remix);
    expect(copied.strokes.map((s) => s.id)).toEqual(['a', 'c']);
    expect(copied.strokes[1]!.points).toEqual(state.strokes[1]!.points);
    expect(copied.sliders).toEqual({ Smiling: 0.5, Young: -0.25 });
    expect(copied.model).toBe('tiny');
    expect(copied.remixOf).toBe('parentFace12');
    expect(readSketchState(parent).remixOf).toBeNull();
  });
});

// The raster pool's first task waits for its worker thread to start: seconds on a busy machine.
describe('pictures of faces', { timeout: 120_000 }, () => {
  const raster = new RasterPool({ threads: 1 });
  afterAll(() => raster.close());

  it('draws the sketch as ink on paper, erasers included', async () => {
    const inked = darkPixels(await sketchPng(raster, [stroke('a', 0.5)]));
    expect(inked).toBeGreaterThan(100);
    expect(darkPixels(await sketchPng(raster, [stroke('a', 0.5), stroke('b', 0.5, 'eraser')]))).toBeLessThan(inked / 4);
    expect(darkPixels(await sketchPng(raster, []))).toBe(0);
  });

  it('composes a 1200×630 link preview from any face size', async () => {
    const face = new PNG({ width: 16, height: 16 });
    for (let i = 0; i < face.data.length; i += 4) face.data.set([40, 40, 40, 255], i);
    const card = PNG.sync.read(Buffer.from(await faceCardPng(PNG.sync.write(face), await sketchPng(raster, [stroke('a', 0.5)]))));
    expect([card.width, card.height]).toEqual([1200, 630]);
    expect(card.data[(300 * 1200 + 300) * 4]).toBe(40); // inside the face
    expect(card.data[(5 * 1200 + 5) * 4]).toBe(247); // paper margin
  });
});

describe('faces API helpers', () => {
  it('maps a gallery filter to a strength range', () => {
    expect(attributeRange('Smiling', 'more')).toEqual({ name: 'Smiling', min: FILTER_THRESHOLD });
    expect(attributeRange('Smiling', 'less')).toEqual({ name: 'Smiling', max: -FILTER_THRESHOLD });
  });

  it('hands faces out with their links and ISO dates', () => {
    const json = faceJson({
      id: 'abcdefghijkl',
      title: '<b>hi</b>',
      roomId: null,
      attributes: { Smiling: 1 },
      modelName: 'tiny',
      published: false,
      publishedAt: null,
      parentFaceId: null,
      remixCount: 2,
      createdAt: new Date('2025-01-02T03:04:05Z'),
    });
    expect(json).toMatchObject({ pngUrl: '/api/faces/abcdefghijkl/png', pageUrl: '/f/abcdefghijkl', createdAt: '2025-01-02T03:04:05.000Z', title: '<b>hi</b>', remixCount: 2 });
  });

  it('rounds slider strengths to hundredths within [-1, 1] and names attributes for people', () => {
    expect(roundStrength(0.12345)).toBe(0.12);
    expect(roundStrength(3)).toBe(1);
    expect(roundStrength(Number.NaN)).toBe(0);
    expect(attributeName('Big_Nose')).toBe('Big nose');
    expect(attributeName('Some_New_Thing')).toBe('Some New Thing');
  });
});
