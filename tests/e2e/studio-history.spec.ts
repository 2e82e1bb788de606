import { STUDIO_SERVER_ENV, createRoom, drawStroke, expect, faceHash, inkAt, openRoom, screenshot, scribble, strokeCount, test } from './studio-support.ts';

test.use({ serverEnv: STUDIO_SERVER_ENV, viewport: { width: 1360, height: 900 } });

test('draw, clear, and someone else restores the sketch from the timeline (undoably); replay plays it back', async ({ browser, request, baseURL }) => {
  test.setTimeout(120_000);
  const room = await createRoom(request);
  const alice = await (await browser.newContext({ baseURL })).newPage();
  const bob = await (await browser.newContext({ baseURL })).newPage();
  await openRoom(alice, room.editPath);
  await openRoom(bob, room.editPath);

  await drawStroke(alice, scribble(0.3, 0.3, 0.7, 0.42));
  await drawStroke(alice, scribble(0.35, 0.6, 0.65, 0.7));
  await expect.poll(() => strokeCount(bob)).toBe(2);
  await expect.poll(() => faceHash(bob)).not.toBeNull();
  const drawnFace = await faceHash(bob);

  // Clear right away (no pause): the state it removes is still kept, as "Before clear".
  await alice.getByRole('button', { name: 'Clear canvas' }).click();
  await expect.poll(() => strokeCount(bob)).toBe(0);
  await bob.getByRole('tab', { name: 'History' }).click();
  const beforeClear = bob.getByTestId('history-list').getByRole('button', { name: /Before clear/ });
  await expect(beforeClear).toBeVisible({ timeout: 10_000 });

  // Bob previews it: the sketch and its face, without changing the room.
  await beforeClear.click();
  await expect(bob.getByTestId('preview-bar')).toContainText('Before clear');
  await expect.poll(() => inkAt(bob, 0.3, 0.3)).toBe(true);
  await expect.poll(() => faceHash(bob)).toBe(drawnFace); // the same sketch renders the same face
  await expect(bob.getByTestId('face-caption')).toHaveText(/^Face at /);
  expect(await strokeCount(alice)).toBe(0);
  await screenshot(bob, 'studio-history-preview');

  // Restore: a new change for everyone…
  await bob.getByRole('button', { name: 'Restore this' }).click();
  for (const page of [alice, bob]) {
    await expect.poll(() => strokeCount(page)).toBe(2);
    expect(await inkAt(page, 0.3, 0.3)).toBe(true);
  }
  await expect.poll(() => faceHash(alice)).toBe(drawnFace);

  // …that Bob can undo and redo like any of his own edits.
  await bob.locator('body').click({ position: { x: 5, y: 300 } });
  await bob.keyboard.press('Control+z');
  await expect.poll(() => strokeCount(alice)).toBe(0);
  await bob.keyboard.press('Control+Shift+z');
  await expect.poll(() => strokeCount(alice)).toBe(2);

  // The scrubber goes back through the checkpoints; its end is now.
  const scrubber = bob.getByTestId('history-scrubber');
  await scrubber.focus();
  await bob.keyboard.press('Home');
  await expect(bob.getByTestId('preview-bar')).toBeVisible();
  await bob.keyboard.press('End');
  await expect(bob.getByTestId('preview-bar')).toHaveCount(0);
  await screenshot(bob, 'studio-history-timeline');

  // Replay: the strokes come back one by one, then the face; at 8× it is over in a moment.
  await alice.getByRole('tab', { name: 'History' }).click();
  await alice.getByRole('button', { name: 'Replay' }).click();
  await expect(alice.getByTestId('replay-controls')).toBeVisible();
  await expect(alice.getByTestId('face-caption')).toHaveText('Replay');
  await alice.getByLabel('Replay speed').selectOption('1');
  await expect.poll(() => inkAt(alice, 0.3, 0.3), { timeout: 5000 }).toBe(true);
  await screenshot(alice, 'studio-replay');
  await alice.getByLabel('Replay speed').selectOption('8');
  await expect(alice.getByTestId('replay-position')).toHaveAttribute('data-done', 'true', { timeout: 15_000 });
  expect(await inkAt(alice, 0.35, 0.6)).toBe(true);
  await expect.poll(() => faceHash(alice)).toBe(drawnFace);
  await alice.getByRole('button', { name: 'Close' }).click();
  await expect(alice.getByRole('toolbar', { name: 'Drawing tools' })).toBeVisible();

  // The history API is private to the room's links.
  expect((await request.get(`/api/rooms/${room.id}/history`)).status()).toBe(401);
  const viewToken = room.viewPath.split('#view=')[1]!;
  const asViewer = await request.get(`/api/rooms/${room.id}/history`, { headers: { authorization: `Bearer ${viewToken}` } });
  expect(asViewer.status()).toBe(200);
  const viewerPost = await request.post(`/api/rooms/${room.id}/history`, { data: { kind: 'clear' }, headers: { authorization: `Bearer ${viewToken}` } });
  expect(viewerPost.status()).toBe(403);
});
