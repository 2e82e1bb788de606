import { STUDIO_SERVER_ENV, canvas, createRoom, drawStroke, expect, faceHash, openRoom, screenshot, scribble, test } from './studio-support.ts';

test.use({ serverEnv: STUDIO_SERVER_ENV, viewport: { width: 1360, height: 900 } });

test('rename the room from the studio; others see the new name and in-progress strokes in the drawer’s colour', async ({ browser, request, baseURL }) => {
  const room = await createRoom(request);
  const alice = await (await browser.newContext({ baseURL })).newPage();
  const bob = await (await browser.newContext({ baseURL })).newPage();
  await openRoom(alice, room.editPath);
  await openRoom(bob, room.editPath);

  await alice.getByTestId('room-title').click();
  await alice.getByLabel('Room name').fill('Portrait of Ada');
  await alice.keyboard.press('Enter');
  await expect(bob.getByRole('heading', { level: 1 })).toHaveText('Portrait of Ada');
  await expect(alice.getByTestId('room-title')).toHaveText('Portrait of Ada');

  // Bob sees Alice's stroke in progress in her colour (not black ink).
  await alice.getByTestId('people-count').click();
  const aliceColor = await alice.getByTestId('people-list').locator('li').first().locator('span').first().evaluate((el) => getComputedStyle(el).backgroundColor);
  await alice.keyboard.press('Escape');
  await drawStroke(alice, scribble(0.3, 0.3, 0.6, 0.4), { release: false });
  const sample = () =>
    canvas(bob).evaluate((element) => {
      const c = element as HTMLCanvasElement;
      const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      for (let i = 0; i < data.length; i += 4) if (data[i + 3]! > 250) return `rgb(${data[i]}, ${data[i + 1]}, ${data[i + 2]})`;
      return null;
    });
  await expect.poll(sample).toBe(aliceColor);
  await alice.mouse.up();
  await expect.poll(sample).toBe('rgb(29, 27, 24)'); // once finished, it is ink like every stroke
});

test('a wrong key shows only the refusal; a view-only visitor’s sliders look disabled', async ({ page, request }) => {
  const room = await createRoom(request);
  await page.goto(`/r/${room.id}#edit=${'x'.repeat(43)}`);
  await expect(page.getByTestId('link-refused')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('heading', { name: 'The key does not fit.' })).toBeVisible();
  for (const gone of [page.getByText('View only'), page.getByTestId('people-count'), page.getByRole('button', { name: 'Share' }), page.getByRole('button', { name: 'Save' })]) {
    await expect(gone).toHaveCount(0);
  }
  await screenshot(page, 'studio-wrong-key');

  await page.goto('about:blank');
  await openRoom(page, room.viewPath);
  const slider = page.locator('#slider-Smiling');
  await expect(slider).toBeDisabled();
  const look = await slider.evaluate((input) => ({
    opacity: Number(getComputedStyle(input.closest('li')!).opacity),
    cursor: getComputedStyle(input).cursor,
    thumb: getComputedStyle(input, '::-webkit-slider-thumb').borderTopColor,
  }));
  expect(look.opacity).toBeLessThan(1);
  expect(look.cursor).toBe('not-allowed');
});

test('saving twice gives one face; the face page links back to its room and replay; gallery tiles show sketch and remix badges, sorted by most remixed', async ({ page, request }) => {
  test.setTimeout(120_000);
  const room = await createRoom(request);
  await openRoom(page, room.editPath);
  await drawStroke(page, scribble(0.3, 0.3, 0.7, 0.45));
  await expect.poll(() => faceHash(page)).not.toBeNull();
  const editToken = new URLSearchParams(room.editPath.split('#')[1]).get('edit')!;
  const save = () =>
    request.post(`/api/rooms/${room.id}/faces`, { data: { title: 'Twice', publish: true }, headers: { authorization: `Bearer ${editToken}` } });
  const first = await save();
  expect(first.status()).toBe(201);
  const second = await save();
  expect(second.status()).toBe(200);
  const faceId = ((await first.json()) as { face: { id: string } }).face.id;
  expect(((await second.json()) as { face: { id: string } }).face.id).toBe(faceId);

  // The face page: this browser holds the room's key, so it links back to the room and its replay.
  await page.goto(`/f/${faceId}`);
  await expect(page.getByRole('link', { name: 'Open its room' })).toHaveAttribute('href', new RegExp(`^/r/${room.id}#edit=`));
  await expect(page.getByRole('link', { name: 'Watch how it was drawn' })).toHaveAttribute('href', new RegExp(`^/r/${room.id}\\?replay=1#edit=`));

  // Two remixes of it: the gallery's most-remixed order puts it first, with its badges and sketch.
  for (let i = 0; i < 2; i++) {
    const remix = (await (await request.post(`/api/faces/${faceId}/remix`)).json()) as { roomId: string; editToken: string };
    const saved = await request.post(`/api/rooms/${remix.roomId}/faces`, { data: { title: `Remix ${i}`, publish: true }, headers: { authorization: `Bearer ${remix.editToken}` } });
    expect(saved.status()).toBe(201);
  }
  await page.goto('/gallery');
  await expect(page.getByTestId('face-tile').first()).toContainText('Remix 1'); // newest first by default
  await expect(page.getByTestId('face-tile').first().getByTestId('remix-badge')).toBeVisible();
  await page.getByLabel('Sort').selectOption('remixed');
  await page.waitForURL(/sort=remixed/);
  const top = page.getByTestId('face-tile').first();
  await expect(top).toHaveAttribute('data-face-id', faceId);
  await expect(top.getByTestId('remix-count')).toHaveText('2 remixes');
  await expect.poll(() => top.getByTestId('tile-sketch').evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
  await screenshot(page, 'studio-gallery-remixed', true);
  expect((await request.get('/api/faces?sort=popular')).status()).toBe(400);
  const api = (await (await request.get('/api/faces?sort=remixed&limit=1')).json()) as { items: { id: string; remixCount: number }[] };
  expect(api.items[0]).toMatchObject({ id: faceId, remixCount: 2 });
});
