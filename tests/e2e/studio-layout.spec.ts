import type { Locator, Page } from '@playwright/test';
import { STUDIO_SERVER_ENV, createRoom, drawStroke, expect, faceHash, openRoom, screenshot, scribble, strokeCount, test } from './studio-support.ts';

test.use({ serverEnv: STUDIO_SERVER_ENV });

/** Whether the whole element is inside the viewport (not below the fold, not scrolled away). */
async function fullyInView(page: Page, locator: Locator): Promise<boolean> {
  const box = await locator.boundingBox();
  const viewport = page.viewportSize()!;
  return box !== null && box.y >= 0 && box.x >= 0 && box.y + box.height <= viewport.height && box.x + box.width <= viewport.width;
}

test('on a 390×844 phone the face stays in view while drawing and while dragging a slider', async ({ browser, request, baseURL }) => {
  const room = await createRoom(request);
  const context = await browser.newContext({ baseURL, viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, hasTouch: true });
  const page = await context.newPage();
  await openRoom(page, room.editPath);
  const face = page.locator('figure').filter({ has: page.getByTestId('face-status') });

  // Drawing: pen down, the face and its status are on screen, and the face appears for the stroke.
  await drawStroke(page, scribble(0.3, 0.3, 0.7, 0.5), { release: false });
  expect(await fullyInView(page, face)).toBe(true);
  expect(await fullyInView(page, page.getByTestId('face-status'))).toBe(true);
  await page.mouse.up();
  await expect.poll(() => faceHash(page)).not.toBeNull();
  await screenshot(page, 'studio-phone-sketch');

  // Sliders live in the Character tab, in the square the canvas had; the face stays below them.
  await page.getByRole('tab', { name: 'Character' }).click();
  await expect(page.getByTestId('sketch-canvas')).toBeHidden();
  const slider = page.locator('#slider-Smiling');
  await expect(slider).toBeVisible();
  const drawn = await faceHash(page);
  const box = (await slider.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.97, box.y + box.height / 2, { steps: 8 });
  // Still dragging: the face changed, in view.
  await expect.poll(() => faceHash(page)).not.toBe(drawn);
  expect(await fullyInView(page, face)).toBe(true);
  expect(await fullyInView(page, slider)).toBe(true);
  await screenshot(page, 'studio-phone-character');
  await page.mouse.up();

  // The last slider can be reached by scrolling inside the panel, and the face does not move.
  const faceTop = (await face.boundingBox())!.y;
  await page.locator('#slider-Chubby').scrollIntoViewIfNeeded();
  await expect(page.locator('#slider-Chubby')).toBeInViewport();
  expect((await face.boundingBox())!.y).toBeCloseTo(faceTop, 0);
  expect(await fullyInView(page, face)).toBe(true);

  await page.getByRole('tab', { name: 'Sketch' }).click();
  await expect.poll(() => strokeCount(page)).toBe(1);
  await context.close();
});

test('the line-width choice is one Tab stop moved with arrow keys; slider end labels and captions are readable', async ({ page, request }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  const room = await createRoom(request);
  await openRoom(page, room.editPath);
  const radios = page.getByRole('radiogroup', { name: 'Line width' }).getByRole('radio');
  await expect(radios).toHaveCount(3);
  await page.getByRole('button', { name: 'Eraser' }).focus();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('radio', { name: 'Medium line' })).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('radio', { name: 'Bold line' })).toBeFocused();
  await expect(page.getByRole('radio', { name: 'Bold line' })).toHaveAttribute('aria-checked', 'true');
  await page.keyboard.press('Tab'); // leaves the group: the next stop is Undo or whatever is enabled after it
  await expect(page.getByRole('radiogroup', { name: 'Line width' }).locator(':focus')).toHaveCount(0);

  // WCAG AA for small text: the slider end labels against the page.
  const ratio = await page.locator('#slider-Smiling').evaluate((input) => {
    const label = input.closest('li')!.querySelector('[aria-hidden] span, div[aria-hidden] > span') as HTMLElement;
    const parse = (value: string) => value.match(/[\d.]+/g)!.map(Number);
    const luminance = ([r, g, b]: number[]) => {
      const f = (c: number) => ((c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
      return 0.2126 * f(r!) + 0.7152 * f(g!) + 0.0722 * f(b!);
    };
    const fg = parse(getComputedStyle(label).color);
    const bg = parse(getComputedStyle(document.body).backgroundColor);
    const [a, b] = [luminance(fg), luminance(bg)].sort((x, y) => y - x);
    return { ratio: (a! + 0.05) / (b! + 0.05), size: parseFloat(getComputedStyle(label).fontSize), alpha: fg[3] ?? 1 };
  });
  expect(ratio.alpha).toBe(1);
  expect(ratio.ratio).toBeGreaterThanOrEqual(4.5);
  expect(ratio.size).toBeGreaterThanOrEqual(11);

  // The face's status pill is not a live region: renders are not read out one by one.
  await expect(page.getByTestId('face-status')).not.toHaveAttribute('aria-live', /.*/);
  await expect(page.getByTestId('face-status')).not.toHaveAttribute('role', /.*/);
});
