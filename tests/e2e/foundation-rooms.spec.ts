import { expect, test } from '../support/e2e-server.ts';

test('landing → New sketch → room page, which survives a reload', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Draw a face together');

  await page.getByRole('button', { name: 'New sketch' }).click();
  await page.waitForURL(/\/r\/[A-Za-z0-9_-]{12}#edit=[A-Za-z0-9_-]{43}$/);
  const roomUrl = page.url();
  const roomId = new URL(roomUrl).pathname.split('/')[2]!;
  await expect(page.locator(`[data-room-id="${roomId}"]`)).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Untitled sketch' })).toBeVisible();

  await page.reload();
  expect(page.url()).toBe(roomUrl);
  await expect(page.locator(`[data-room-id="${roomId}"]`)).toBeVisible();
});

test('an unknown room id shows the 404 page', async ({ page }) => {
  for (const id of ['AAAAAAAAAAAA', 'not-a-room-id!']) {
    const response = await page.goto(`/r/${encodeURIComponent(id)}`);
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('heading', { name: 'This page wandered off the canvas.' })).toBeVisible();
  }
  await page.getByRole('link', { name: 'Back to the start' }).click();
  await expect(page).toHaveURL(/\/$/);
});
