import type { Page } from '@playwright/test';
import {
  STUDIO_SERVER_ENV,
  createRoom,
  drawStroke,
  expect,
  faceHash,
  hover,
  inkAt,
  scribble,
  openRoom,
  screenshot,
  strokeCount,
  test,
} from './studio-support.ts';

test.use({ serverEnv: STUDIO_SERVER_ENV, viewport: { width: 1360, height: 900 } });

test('two people draw together: strokes, cursors and the same live face', async ({ browser, request, baseURL }) => {
  test.setTimeout(120_000);
  const room = await createRoom(request);
  const alice = await (await browser.newContext({ baseURL })).newPage();
  const bob = await (await browser.newContext({ baseURL })).newPage();
  await openRoom(alice, room.editPath);
  await openRoom(bob, room.editPath);
  await expect(alice.getByTestId('people-count')).toHaveAttribute('data-count', '2');

  await expect(alice.getByTestId('face-status')).toHaveText('Waiting for a sketch');

  // Bob sees Alice's stroke while her pen is still down, then both see both finished strokes.
  await drawStroke(alice, scribble(0.25, 0.25, 0.45, 0.4), { release: false });
  await expect.poll(() => inkAt(bob, 0.25, 0.25)).toBe(true);
  expect(await strokeCount(bob)).toBe(0);
  await alice.mouse.up();
  await drawStroke(bob, scribble(0.55, 0.6, 0.75, 0.75));
  for (const page of [alice, bob]) {
    await expect.poll(() => strokeCount(page)).toBe(2);
    expect(await inkAt(page, 0.25, 0.25)).toBe(true);
    expect(await inkAt(page, 0.55, 0.6)).toBe(true);
  }

  // Cursors: each sees the other's pointer, labelled with their name.
  await bob.getByTestId('people-count').click();
  const bobName = await bob.getByLabel('Your display name').inputValue();
  await bob.keyboard.press('Escape');
  await hover(bob, 0.8, 0.2);
  await hover(alice, 0.2, 0.8);
  await expect(alice.getByTestId('remote-cursor')).toHaveCount(1);
  await expect(alice.getByTestId('remote-cursor')).toHaveAttribute('data-name', bobName);
  await expect(bob.getByTestId('remote-cursor')).toHaveCount(1);

  // Both see the same face, rendered from both strokes.
  await expect.poll(async () => (await faceHash(alice)) !== null && (await faceHash(alice)) === (await faceHash(bob)), { timeout: 15_000 }).toBe(true);
  await expect(alice.getByTestId('face-status')).not.toHaveAttribute('data-rendering', 'true');
  await screenshot(alice, 'studio-room-two-people');
  await screenshot(bob, 'studio-room-second-person');

  // Undo removes only one's own stroke, for everyone.
  const before = await faceHash(alice);
  await canvasFocus(alice);
  await alice.keyboard.press('Control+z');
  for (const page of [alice, bob]) {
    await expect.poll(() => strokeCount(page)).toBe(1);
    expect(await inkAt(page, 0.25, 0.25)).toBe(false);
    expect(await inkAt(page, 0.55, 0.6)).toBe(true);
  }
  await expect.poll(async () => (await faceHash(alice)) !== before && (await faceHash(alice)) === (await faceHash(bob))).toBe(true);
  await alice.keyboard.press('Control+Shift+z');
  await expect.poll(() => strokeCount(bob)).toBe(2);
  // Alice's undo stack holds only her own stroke: undoing twice removes it and leaves Bob's alone.
  await alice.keyboard.press('Control+z');
  await alice.keyboard.press('Control+z');
  await expect.poll(() => strokeCount(bob)).toBe(1);
  expect(await inkAt(bob, 0.55, 0.6)).toBe(true);
});

test('a view-only visitor watches live and cannot draw or move sliders', async ({ browser, request, baseURL }) => {
  const room = await createRoom(request);
  const editor = await (await browser.newContext({ baseURL })).newPage();
  // The viewer is on a phone: the studio stacks canvas, face and sliders.
  const viewer = await (await browser.newContext({ baseURL, viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, hasTouch: true })).newPage();
  await openRoom(editor, room.editPath);
  await openRoom(viewer, room.viewPath);

  await expect(viewer.getByTestId('view-only')).toBeVisible();
  await expect(viewer.getByRole('toolbar', { name: 'Drawing tools' })).toHaveCount(0);
  await expect(viewer.getByRole('button', { name: 'Save' })).toHaveCount(0);
  await expect(viewer.locator('#slider-Smiling')).toBeDisabled();

  await drawStroke(editor, scribble(0.3, 0.35, 0.6, 0.45));
  await expect.poll(() => strokeCount(viewer)).toBe(1);
  await expect.poll(async () => (await faceHash(viewer)) !== null && (await faceHash(viewer)) === (await faceHash(editor))).toBe(true);

  await drawStroke(viewer, scribble(0.3, 0.75, 0.6, 0.85));
  await viewer.waitForTimeout(500);
  expect(await inkAt(viewer, 0.3, 0.75)).toBe(false);
  expect(await strokeCount(viewer)).toBe(1);
  expect(await strokeCount(editor)).toBe(1);
  await screenshot(viewer, 'studio-room-view-only-phone', true);
});

test('moving a slider changes the face for everyone, live while dragging', async ({ browser, request, baseURL }) => {
  const room = await createRoom(request);
  const alice = await (await browser.newContext({ baseURL })).newPage();
  const bob = await (await browser.newContext({ baseURL })).newPage();
  await openRoom(alice, room.editPath);
  await openRoom(bob, room.editPath);
  await drawStroke(alice, scribble(0.3, 0.45, 0.7, 0.6));
  await expect.poll(async () => (await faceHash(bob)) !== null && (await faceHash(bob)) === (await faceHash(alice))).toBe(true);
  const drawn = await faceHash(bob);

  const slider = alice.locator('#slider-Smiling');
  const box = (await slider.boundingBox())!;
  await alice.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await alice.mouse.down();
  await alice.mouse.move(box.x + box.width * 0.95, box.y + box.height / 2, { steps: 8 });
  // Still dragging: Bob already sees the edited face and Alice's live value.
  await expect.poll(() => faceHash(bob)).not.toBe(drawn);
  await expect(bob.getByTestId('slider-value-Smiling')).not.toHaveText('0');
  await alice.mouse.up();

  await expect(alice.getByTestId('slider-value-Smiling')).not.toHaveText('0');
  const committed = await alice.getByTestId('slider-value-Smiling').textContent();
  await expect(bob.getByTestId('slider-value-Smiling')).toHaveText(committed!);
  await expect.poll(async () => (await faceHash(alice)) === (await faceHash(bob)) && (await faceHash(bob)) !== drawn).toBe(true);

  // Keyboard works too, and double-click resets.
  await bob.locator('#slider-Young').focus();
  await bob.keyboard.press('ArrowLeft');
  await bob.keyboard.press('ArrowLeft');
  await expect(alice.getByTestId('slider-value-Young')).toHaveText('−0.02');
  await alice.locator('#slider-Smiling').dblclick();
  await expect(bob.getByTestId('slider-value-Smiling')).toHaveText('0');
});

/** Keyboard shortcuts go to the page, not to a focused text field. */
async function canvasFocus(page: Page) {
  await page.locator('body').click({ position: { x: 5, y: 200 } });
}
