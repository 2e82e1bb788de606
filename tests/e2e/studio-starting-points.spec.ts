import { PNG } from 'pngjs';
import { STUDIO_SERVER_ENV, createRoom, drawStroke, expect, faceHash, inkAt, openRoom, screenshot, scribble, strokeCount, test } from './studio-support.ts';

test.use({ serverEnv: STUDIO_SERVER_ENV, viewport: { width: 1360, height: 900 } });

/** A photo-like test image: a dark oval head with two eyes on a light background. */
function portraitPng(): Buffer {
  const png = new PNG({ width: 240, height: 200 });
  for (let y = 0; y < 200; y++)
    for (let x = 0; x < 240; x++) {
      const head = ((x - 120) / 60) ** 2 + ((y - 100) / 80) ** 2 < 1;
      const eye = ((x - 98) ** 2 + (y - 85) ** 2 < 60) || ((x - 142) ** 2 + (y - 85) ** 2 < 60);
      const value = eye ? 20 : head ? 150 : 235;
      const i = (y * 240 + x) * 4;
      png.data.set([value, value * 0.9, value * 0.8, 255], i);
    }
  return PNG.sync.write(png);
}

test('the landing page shows faces the served model rendered from the starter sketches', async ({ page }) => {
  await page.goto('/');
  const faces = page.getByTestId('starter-face');
  await expect(faces).toHaveCount(3);
  for (const face of await faces.all()) await expect.poll(() => face.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
  await screenshot(page, 'landing');
});

test('start from a starter sketch (one undoable change), or from a photo whose outline becomes strokes', async ({ browser, request, baseURL }) => {
  const room = await createRoom(request);
  const alice = await (await browser.newContext({ baseURL })).newPage();
  const bob = await (await browser.newContext({ baseURL })).newPage();
  await openRoom(alice, room.editPath);
  await openRoom(bob, room.editPath);
  await alice.getByRole('button', { name: /Start from the sketch “Long hair”/ }).click();
  await expect.poll(() => strokeCount(bob)).toBeGreaterThan(8);
  await expect.poll(() => faceHash(bob)).not.toBeNull();
  await expect(alice.getByTestId('starting-points')).toHaveCount(0);
  await screenshot(alice, 'studio-starter');
  await alice.locator('body').click({ position: { x: 5, y: 300 } });
  await alice.keyboard.press('Control+z');
  await expect.poll(() => strokeCount(bob)).toBe(0);

  await alice.getByTestId('photo-input').setInputFiles({ name: 'portrait.png', mimeType: 'image/png', buffer: portraitPng() });
  const dialog = alice.getByRole('dialog', { name: 'Start from a photo' });
  await expect.poll(() => dialog.getByTestId('photo-face').evaluate((img) => (img as HTMLImageElement).naturalWidth), { timeout: 15_000 }).toBeGreaterThan(0);
  await screenshot(alice, 'studio-photo');
  await dialog.getByRole('button', { name: 'Draw over it' }).click();
  await expect.poll(() => strokeCount(bob)).toBeGreaterThan(0);
  // The oval's edge is now ink on everyone's page: 60 px of 240 wide is 0.25 of the centre square's side.
  await expect.poll(async () => (await inkAt(bob, 0.5, 0.1)) || (await inkAt(bob, 0.5, 0.11)) || (await inkAt(bob, 0.5, 0.09))).toBe(true);
});

test('Explore shows nearby faces and picking one sets the sliders for everyone; holding Compare shows the unedited face', async ({ browser, request, baseURL }) => {
  const room = await createRoom(request);
  const alice = await (await browser.newContext({ baseURL })).newPage();
  const bob = await (await browser.newContext({ baseURL })).newPage();
  await openRoom(alice, room.editPath);
  await openRoom(bob, room.editPath);
  await drawStroke(alice, scribble(0.3, 0.3, 0.7, 0.5));
  await expect(alice.getByTestId('face-status')).not.toHaveAttribute('data-rendering', 'true');
  await expect.poll(() => faceHash(alice)).not.toBeNull();
  const unedited = await faceHash(alice);

  await alice.getByRole('button', { name: 'Explore' }).click();
  const variations = alice.getByTestId('variation');
  await expect(variations).toHaveCount(8);
  for (const variation of await variations.all()) await expect(variation).toBeEnabled({ timeout: 15_000 });
  const hashes = await variations.locator('img').evaluateAll((images) => images.map((img) => img.getAttribute('data-face-hash')));
  expect(new Set(hashes).size).toBeGreaterThan(1);
  await screenshot(alice, 'studio-explore');
  await variations.nth(2).click();
  await expect.poll(() => faceHash(bob)).toBe(hashes[2]);
  await expect.poll(async () => (await bob.getByTestId('slider-value-Smiling').textContent()) === (await alice.getByTestId('slider-value-Smiling').textContent())).toBe(true);
  expect(await faceHash(alice)).toBe(hashes[2]);

  // Hold to compare: the face without the slider edits, back on release.
  const compare = alice.getByTestId('compare');
  const box = (await compare.boundingBox())!;
  await alice.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await alice.mouse.down();
  await expect.poll(() => faceHash(alice)).toBe(unedited);
  await expect(alice.getByTestId('face-caption')).toHaveText('Before slider edits');
  await alice.mouse.up();
  await expect.poll(() => faceHash(alice)).toBe(hashes[2]);
});
