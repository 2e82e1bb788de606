import { readFileSync } from 'node:fs';
import { createRoom, drawStroke, expect, faceHash, openRoom, screenshot, test } from './studio-support.ts';

/** The app as a user gets it: no MODELS_DIR, so the server serves the shipped default model from models/. */
const manifest = JSON.parse(readFileSync('models/manifest.json', 'utf8')) as { default: string; models: { name: string; resolution: number }[] };

test.use({ viewport: { width: 1360, height: 900 } });

const ellipse = (cx: number, cy: number, rx: number, ry: number, from = 0, to = 2 * Math.PI): [number, number][] =>
  Array.from({ length: 13 }, (_, i) => {
    const t = from + ((to - from) * i) / 12;
    return [cx + rx * Math.cos(t), cy + ry * Math.sin(t)];
  });

/** A pen drawing of a face in the proportions of the training sketches: outline, hair, brows, eyes, nose, mouth. */
const FACE: [number, number][][] = [
  ellipse(0.5, 0.55, 0.22, 0.3, 0.1 * Math.PI, 0.9 * Math.PI), // jaw and chin
  ellipse(0.5, 0.48, 0.27, 0.33, 1.0 * Math.PI, 2.0 * Math.PI), // hair line
  ellipse(0.41, 0.46, 0.06, 0.02, 1.1 * Math.PI, 1.9 * Math.PI), // brows
  ellipse(0.59, 0.46, 0.06, 0.02, 1.1 * Math.PI, 1.9 * Math.PI),
  ellipse(0.41, 0.51, 0.04, 0.015), // eyes
  ellipse(0.59, 0.51, 0.04, 0.015),
  [[0.5, 0.53], [0.48, 0.62], [0.52, 0.63]], // nose
  ellipse(0.5, 0.68, 0.07, 0.025, 0.1 * Math.PI, 0.9 * Math.PI), // smiling mouth
];

test('a face drawn with the mouse is rendered by the shipped model', async ({ page, request }) => {
  test.setTimeout(180_000);
  const shipped = manifest.models.find((m) => m.name === manifest.default)!;
  const room = await createRoom(request);
  await openRoom(page, room.editPath);
  for (const stroke of FACE) await drawStroke(page, stroke);

  const face = page.getByTestId('live-face');
  await expect(face).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText(shipped.name, { exact: true })).toBeVisible();
  const size = await face.evaluate((img) => [(img as HTMLImageElement).naturalWidth, (img as HTMLImageElement).naturalHeight]);
  expect(size).toEqual([shipped.resolution, shipped.resolution]);
  await expect(page.getByTestId('face-status')).toHaveAttribute('data-rendering', 'false');
  const drawn = await faceHash(page);

  // The Smile slider, moved with the keyboard to +1, changes the face.
  await page.locator('#slider-Smiling').focus();
  await page.keyboard.press('End');
  await expect.poll(() => faceHash(page), { timeout: 15_000 }).not.toBe(drawn);
  await screenshot(page, 'studio-shipped-model');
});

test('the face follows the pen while a stroke is drawn (throttled renders mid-stroke); pointer-move → face time is reported', async ({ page, request }) => {
  test.setTimeout(120_000);
  const room = await createRoom(request);
  await openRoom(page, room.editPath);
  for (const stroke of FACE.slice(0, 2)) await drawStroke(page, stroke);
  await expect.poll(() => faceHash(page), { timeout: 30_000 }).not.toBeNull();
  await expect(page.getByTestId('face-status')).not.toHaveAttribute('data-rendering', 'true');
  const before = await faceHash(page);

  // One slow stroke, about 3 s with the pen down: brows, eyes and a mouth in one line.
  const box = (await page.getByTestId('sketch-canvas').boundingBox())!;
  const path = [...FACE[2]!, ...FACE[4]!, ...FACE[5]!, ...FACE[3]!, ...FACE[7]!];
  await page.mouse.move(box.x + path[0]![0] * box.width, box.y + path[0]![1] * box.height);
  await page.mouse.down();
  const faces = new Map<string, number>();
  for (const [x, y] of path.slice(1)) {
    await page.mouse.move(box.x + x * box.width, box.y + y * box.height, { steps: 4 });
    await page.waitForTimeout(40);
    const face = page.getByTestId('live-face');
    const [hash, latency] = [await face.getAttribute('data-face-hash'), await face.getAttribute('data-pen-latency-ms')];
    if (hash && latency && hash !== before) faces.set(hash, Number(latency));
  }
  const strokes = Number(await page.getByTestId('sketch-canvas').getAttribute('data-strokes'));
  await page.mouse.up();

  // Several faces appeared while the pen was still down, before the stroke was in the document.
  expect(strokes).toBe(2);
  const latencies = [...faces.values()].sort((a, b) => a - b);
  console.log(
    `pen render: ${latencies.length} faces during a ${path.length - 1}-segment stroke; pointer-move → face ms: ` +
      `min ${latencies[0]}, median ${latencies[Math.floor(latencies.length / 2)]}, max ${latencies[latencies.length - 1]} (${latencies.join(', ')})`,
  );
  expect(latencies.length).toBeGreaterThanOrEqual(3);
  // After pen-up the room's own face for the finished sketch takes over.
  await expect.poll(() => page.getByTestId('live-face').getAttribute('data-pen-latency-ms')).toBeNull();
  await screenshot(page, 'studio-pen-render');
});

test('the landing page shows faces the shipped model renders from the starter sketches, and a starter opens a room with its face', async ({ page, request }) => {
  test.setTimeout(120_000);
  await page.goto('/');
  for (const face of await page.getByTestId('starter-face').all()) {
    await expect.poll(() => face.evaluate((img) => (img as HTMLImageElement).naturalWidth), { timeout: 60_000 }).toBeGreaterThan(0);
  }
  await screenshot(page, 'landing-shipped-model');
  const room = await createRoom(request);
  await openRoom(page, room.editPath);
  await page.getByRole('button', { name: /Start from the sketch “Smiling, short hair”/ }).click();
  await expect.poll(() => faceHash(page), { timeout: 30_000 }).not.toBeNull();
  await expect(page.getByTestId('face-status')).not.toHaveAttribute('data-rendering', 'true');
  await screenshot(page, 'studio-starter-shipped-model');
});
