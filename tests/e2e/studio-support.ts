import type { APIRequestContext, Page } from '@playwright/test';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { expect, test } from '../support/e2e-server.ts';

export { expect, test };

/** Every studio spec renders with the tiny fixture model: tests check that faces change and match, never what they look like. */
export const STUDIO_SERVER_ENV = { MODELS_DIR: 'tests/fixtures/tiny-model', INFERENCE_WORKERS: '1' };

export const SCREENSHOT_DIR = path.resolve('artifacts', 'screenshots');

export async function screenshot(page: Page, name: string, fullPage = false): Promise<void> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage });
}

export interface TestRoom {
  id: string;
  /** Relative links with the capability in the fragment. */
  editPath: string;
  viewPath: string;
}

export async function createRoom(request: APIRequestContext): Promise<TestRoom> {
  const response = await request.post('/api/rooms', { data: {} });
  expect(response.status()).toBe(201);
  const { room, editToken, viewToken } = (await response.json()) as { room: { id: string }; editToken: string; viewToken: string };
  return { id: room.id, editPath: `/r/${room.id}#edit=${editToken}&view=${viewToken}`, viewPath: `/r/${room.id}#view=${viewToken}` };
}

export async function openRoom(page: Page, link: string): Promise<void> {
  await page.goto(link);
  await expect(page.getByTestId('sketch-canvas')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('people-count')).toBeVisible(); // connected: presence is up
}

export const canvas = (page: Page) => page.getByTestId('sketch-canvas');

async function toPage(page: Page, x: number, y: number): Promise<[number, number]> {
  const box = (await canvas(page).boundingBox())!;
  return [box.x + x * box.width, box.y + y * box.height];
}

/** Presses the mouse at the first point and drags through the rest, in canvas fractions; `release: false` keeps the pen down. */
export async function drawStroke(page: Page, points: [number, number][], options: { release?: boolean } = {}): Promise<void> {
  const [startX, startY] = await toPage(page, ...points[0]!);
  await page.mouse.move(startX, startY);
  await page.mouse.down();
  for (const point of points.slice(1)) {
    const [x, y] = await toPage(page, ...point);
    await page.mouse.move(x, y, { steps: 6 });
  }
  if (options.release !== false) await page.mouse.up();
}

export async function hover(page: Page, x: number, y: number): Promise<void> {
  const [px, py] = await toPage(page, x, y);
  await page.mouse.move(px, py, { steps: 3 });
}

/** Whether the canvas has ink within a few pixels of a point given in canvas fractions. */
export function inkAt(page: Page, x: number, y: number): Promise<boolean> {
  return canvas(page).evaluate(
    (element, [fx, fy]) => {
      const c = element as HTMLCanvasElement;
      const data = c.getContext('2d')!.getImageData(Math.round(fx! * c.width) - 3, Math.round(fy! * c.height) - 3, 7, 7).data;
      for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) return true;
      return false;
    },
    [x, y],
  );
}

export const strokeCount = async (page: Page) => Number(await canvas(page).getAttribute('data-strokes'));

export const faceHash = (page: Page) => page.getByTestId('live-face').getAttribute('data-face-hash', { timeout: 1000 }).catch(() => null);

/**
 * A zigzag filling a box (canvas fractions), starting at its top-left corner: enough ink to change
 * even a 16-pixel model's sketch, wherever the pixel grid falls.
 */
export function scribble(left: number, top: number, right: number, bottom: number): [number, number][] {
  const points: [number, number][] = [];
  for (let i = 0, x = left; x <= right + 1e-9; i++, x += 0.025) points.push([x, i % 2 === 0 ? top : bottom]);
  return points;
}
