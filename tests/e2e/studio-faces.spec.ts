import { STUDIO_SERVER_ENV, canvas, createRoom, drawStroke, expect, faceHash, scribble, openRoom, screenshot, strokeCount, test } from './studio-support.ts';

test.use({ serverEnv: STUDIO_SERVER_ENV, viewport: { width: 1360, height: 900 } });

test('save → face page → publish → gallery → remix opens a room with the same sketch', async ({ page, request }) => {
  test.setTimeout(120_000);
  const room = await createRoom(request);
  await openRoom(page, room.editPath);
  await drawStroke(page, scribble(0.3, 0.3, 0.7, 0.4));
  await drawStroke(page, [[0.5, 0.4], [0.48, 0.55], [0.53, 0.57]]);
  await page.locator('#slider-Eyeglasses').focus();
  for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
  await expect.poll(() => faceHash(page)).not.toBeNull();
  await expect(page.getByTestId('face-status')).not.toHaveAttribute('data-rendering', 'true');
  const sketch = await canvas(page).evaluate((element) => (element as HTMLCanvasElement).toDataURL());

  // Save, with a title that must come out as text, not markup.
  const title = `Portrait <i>${Date.now()}</i>`;
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByLabel('Title').fill(title);
  await page.getByRole('button', { name: 'Save face' }).click();
  await expect(page.getByRole('heading', { name: 'Saved!' })).toBeVisible();
  await page.getByRole('link', { name: 'Open the face page' }).click();

  await page.waitForURL(/\/f\/[A-Za-z0-9_-]{12}$/);
  const facePath = new URL(page.url()).pathname;
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  const image = page.getByTestId('face-image');
  await expect.poll(() => image.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
  await expect(page.locator('meta[property="og:image"]')).toHaveAttribute('content', /\/api\/faces\/[\w-]{12}\/card\.png$/);
  const card = await request.get(new URL(await page.locator('meta[property="og:image"]').getAttribute('content') ?? '').pathname);
  expect(card.headers()['content-type']).toBe('image/png');
  await expect(page.getByTestId('face-attributes')).toContainText('Glasses');

  // Unlisted until published; only then in the gallery.
  await page.goto('/gallery');
  await expect(page.locator(`[data-face-id="${facePath.split('/')[2]}"]`)).toHaveCount(0);
  await page.goto(facePath);
  await page.getByRole('button', { name: 'Publish to gallery' }).click();
  await expect(page.getByRole('button', { name: 'Unpublish' })).toBeVisible();
  await screenshot(page, 'studio-face-page', true);

  await page.goto('/gallery');
  const tile = page.locator(`[data-face-id="${facePath.split('/')[2]}"]`);
  await expect(tile).toContainText(title);
  await expect(page.getByTestId('face-tile').first()).toHaveAttribute('data-face-id', facePath.split('/')[2]!); // newest first
  await screenshot(page, 'studio-gallery', true);

  // Remix: a new room, the same strokes and sliders, and the face page of a save from it shows its parent.
  await tile.getByRole('link').first().click();
  await page.waitForURL(facePath);
  await page.getByRole('button', { name: 'Remix' }).click();
  await page.waitForURL(/\/r\/[A-Za-z0-9_-]{12}#edit=/);
  expect(new URL(page.url()).pathname).not.toBe(`/r/${room.id}`);
  await expect.poll(() => strokeCount(page)).toBe(2);
  await expect(page.getByTestId('slider-value-Eyeglasses')).toHaveText('+0.05');
  await expect.poll(() => canvas(page).evaluate((element) => (element as HTMLCanvasElement).toDataURL())).toBe(sketch);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Remix of ${title}`);
  await expect.poll(() => faceHash(page)).not.toBeNull();
  await screenshot(page, 'studio-remix-room');

  await drawStroke(page, scribble(0.4, 0.7, 0.6, 0.8));
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('button', { name: 'Save face' }).click();
  await page.getByRole('link', { name: 'Open the face page' }).click();
  await expect(page.getByTestId('lineage')).toContainText(title);
});

test('the gallery shows its empty state for a filter nothing matches, and the faces API refuses bad input', async ({ page, request }) => {
  await page.goto('/gallery?attribute=Mustache&direction=less');
  await expect(page.getByTestId('gallery-empty')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'No faces like that yet' })).toBeVisible();

  expect((await request.get('/api/faces?attribute=Wings')).status()).toBe(400);
  expect((await request.get('/api/faces?cursor=nonsense')).status()).toBe(400);
  expect((await request.get('/api/faces/AAAAAAAAAAAA')).status()).toBe(404);
  const room = await createRoom(request);
  const unauthorised = await request.post(`/api/rooms/${room.id}/faces`, { data: { title: 'x' } });
  expect(unauthorised.status()).toBe(401);
  const viewToken = room.viewPath.split('#view=')[1]!;
  const viewer = await request.post(`/api/rooms/${room.id}/faces`, { data: { title: 'x' }, headers: { authorization: `Bearer ${viewToken}` } });
  expect(viewer.status()).toBe(403);
  const editToken = new URLSearchParams(room.editPath.split('#')[1]).get('edit')!;
  const empty = await request.post(`/api/rooms/${room.id}/faces`, { data: { title: 'x' }, headers: { authorization: `Bearer ${editToken}` } });
  expect(empty.status()).toBe(400);
  expect(((await empty.json()) as { error: { message: string } }).error.message).toContain('Draw something first');
});
