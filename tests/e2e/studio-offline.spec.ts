import type { Locator } from '@playwright/test';
import { STUDIO_SERVER_ENV, createRoom, drawStroke, expect, faceHash, inkAt, openRoom, screenshot, scribble, strokeCount, test } from './studio-support.ts';

test.use({ serverEnv: STUDIO_SERVER_ENV, viewport: { width: 1280, height: 800 } });

/** Whether nothing is drawn over a toolbar button's centre (a disabled one lets clicks through to its toolbar). */
function uncovered(locator: Locator): Promise<boolean> {
  return locator.evaluate((element) => {
    const box = element.getBoundingClientRect();
    const hit = document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
    return hit !== null && (element.contains(hit) || hit === element.closest('[role="toolbar"]'));
  });
}

test('offline, the studio says so without covering the tools, the face does not claim to be current, and edits reach the others ≤ 2 s after reconnecting', async ({ browser, request, baseURL }) => {
  test.setTimeout(120_000);
  const room = await createRoom(request);
  const aliceContext = await browser.newContext({ baseURL });
  const alice = await aliceContext.newPage();
  const bob = await (await browser.newContext({ baseURL })).newPage();
  await openRoom(alice, room.editPath);
  await openRoom(bob, room.editPath);
  await drawStroke(alice, scribble(0.3, 0.3, 0.7, 0.4));
  await expect.poll(() => strokeCount(bob)).toBe(1);
  await expect.poll(() => faceHash(alice)).not.toBeNull();
  await expect(alice.getByTestId('face-status')).toHaveAttribute('data-sync', 'live');
  await expect(alice.getByTestId('connection-status')).toHaveText('All changes saved');

  await aliceContext.setOffline(true);
  const status = alice.getByTestId('connection-status');
  await expect(status).toHaveAttribute('data-offline', 'true', { timeout: 30_000 });
  await expect(alice.getByTestId('face-status')).toHaveText('Offline — showing the last face');

  // A stroke drawn offline: kept, counted, and the face says it is behind rather than "Up to date".
  await drawStroke(alice, scribble(0.35, 0.6, 0.65, 0.7));
  await expect(status).toContainText('1 edit kept');
  await expect(alice.getByTestId('face-status')).toHaveAttribute('data-sync', 'offline-edits');
  await expect(alice.getByTestId('face-status')).toHaveText('Offline — your latest edits are not in this face yet');
  for (const name of ['Undo', 'Redo', 'Clear canvas', 'Pen', 'Eraser']) expect(await uncovered(alice.getByRole('button', { name }))).toBe(true);
  await screenshot(alice, 'studio-offline');

  // Saving offline explains itself in words.
  await alice.getByRole('button', { name: 'Save' }).click();
  await alice.getByRole('button', { name: 'Save face' }).click();
  const alert = alice.getByRole('dialog').getByRole('alert');
  await expect(alert).toContainText('You are offline');
  await expect(alert).not.toContainText('Failed to fetch');
  await alice.getByRole('dialog').getByRole('button', { name: 'Close' }).click();

  // Back online: Bob has the offline stroke within 2 s, and Alice's face is live again.
  expect(await strokeCount(bob)).toBe(1);
  await aliceContext.setOffline(false);
  const back = Date.now();
  await expect.poll(() => strokeCount(bob), { timeout: 2000, intervals: [50] }).toBe(2);
  const reconnectMs = Date.now() - back;
  console.log(`offline stroke reached the other person ${reconnectMs} ms after the network came back`);
  expect(await inkAt(bob, 0.35, 0.6)).toBe(true);
  await expect(status).toHaveText('All changes saved');
  await expect(alice.getByTestId('face-status')).toHaveAttribute('data-sync', 'live');
});
