// Issue 10: what a screen reader gets — live status changes announced politely in one region
// (not per row), progress bars with their value, icons with names, and a tab title that names
// the page and the snapshot.
import { test, expect, type APIRequestContext } from '@playwright/test';
import { Made } from '../a11y';
import {
  EVS, createViaApi, inChinese, listUrl, table, unique, volume, waitForStatus,
} from '../helpers';

const made = new Made();
test.afterEach(({ request }) => made.deleteAll(request));

test('a followed status change is announced once, in the one polite region', async ({ page, request }) => {
  const creating = await made.fresh(request, 'e2e-announce');
  await page.goto(listUrl(EVS, `name=${encodeURIComponent(creating.name)}`));
  const grid = await table(page);

  const region = page.locator('[data-live-region]');
  await expect(region).toHaveCount(1);
  await expect(region).toHaveAttribute('role', 'status');
  await expect(region).toHaveAttribute('aria-live', 'polite');
  // No row is a live region of its own.
  await expect(grid.locator('[aria-live], [role="status"], [role="alert"]')).toHaveCount(0);

  // The row's progress bar, with its value.
  const bar = grid.getByRole('progressbar', { name: 'Progress' });
  await expect(bar).toHaveAttribute('aria-valuemin', '0');
  await expect(bar).toHaveAttribute('aria-valuemax', '100');
  await expect(bar).toHaveAttribute('aria-valuenow', /^\d+$/);

  await expect(region).toContainText(`“${creating.name}” is now Available.`, { timeout: 30_000 });
  await expect(region.locator('p')).toHaveCount(1);
});

test('the detail page announces in Chinese too, and its progress bar has a value', async ({ page, request }) => {
  await inChinese(page);
  const creating = await made.fresh(request, 'e2e-announce-zh');
  await page.goto(`/accounts/${EVS}/snapshots/${creating.id}`);
  const bar = page.locator('dl.facts').getByRole('progressbar', { name: '进度' });
  await expect(bar).toHaveAttribute('aria-valuenow', /^\d+$/);
  const now = Number(await bar.getAttribute('aria-valuenow'));
  expect(now).toBe(Number(await bar.evaluate((p: HTMLProgressElement) => p.value)));
  await expect(page.locator('[data-live-region]')).toContainText(`快照“${creating.name}”现在的状态：可用。`, { timeout: 30_000 });
});

test('icons and icon-only buttons have names', async ({ page }) => {
  await page.goto(listUrl(EVS));
  const grid = await table(page);
  // Every button and link has an accessible name; every drawing is hidden from readers.
  for (const control of await page.locator('button, a[href]').all()) {
    const name = await control.evaluate((el) => (el.getAttribute('aria-label') ?? el.textContent ?? '').trim());
    expect(name, await control.evaluate((el) => el.outerHTML)).not.toBe('');
  }
  expect(await page.locator('svg:not([aria-hidden="true"])').count()).toBe(0);
  await expect(grid.getByRole('button', { name: /^Copy ID / }).first()).toBeVisible();
  await expect(page.getByRole('button', { name: 'Dark mode' })).toBeVisible();
  await expect(grid.getByRole('img')).toHaveCount(0);
});

test('the tab title names the page, the snapshot and the account', async ({ page, request }) => {
  const titled = await made.fresh(request, 'e2e-title');
  await waitForStatus(request, EVS, titled.id, 'available');
  await page.goto(listUrl(EVS));
  await expect(page).toHaveTitle(`Snapshots · ${EVS} · Snapdeck`);
  await page.goto(`/accounts/${EVS}/snapshots/${titled.id}`);
  await expect(page).toHaveTitle(`${titled.name} · ${EVS} · Snapdeck`);
  await page.goto(`/accounts/${EVS}/snapshots/${titled.id}/edit`);
  await expect(page).toHaveTitle(`Edit snapshot · ${titled.name} · ${EVS} · Snapdeck`);
  await page.goto(`/accounts/${EVS}/snapshots/new`);
  await expect(page).toHaveTitle(`Create snapshot · ${EVS} · Snapdeck`);
  await page.goto(`/accounts/${EVS}/snapshots/00000000-0000-4000-8000-000000000000`);
  await expect(page).toHaveTitle(`Snapshot not found · ${EVS} · Snapdeck`);
  await page.goto('/no/such/page');
  await expect(page).toHaveTitle('Page not found · Snapdeck');
  // The language switch retitles the page.
  await page.getByRole('button', { name: '中文' }).click();
  await expect(page).toHaveTitle('页面不存在 · Snapdeck');
  await page.getByRole('button', { name: 'English' }).click();
});
