// A Tencent Cloud CBS account: list, filter by disk usage and disk id, numbered pages, open a
// snapshot; create and edit are not offered.
import { test, expect } from '@playwright/test';
import { CBS, listUrl, rowIds, shot, table } from '../helpers';

test('lists CBS snapshots without create, with CBS filters and numbered pages', async ({ page }) => {
  await page.goto(listUrl(CBS));
  const grid = await table(page);
  // CBS does not report when a snapshot last changed: no Updated column.
  expect(await grid.getByRole('columnheader').allInnerTexts()).toEqual([
    'Name', 'ID', 'Status', 'Size', 'Disk ID', 'Created',
  ]);
  await expect(page.getByRole('link', { name: 'Create snapshot' })).toHaveCount(0);
  await expect(page.getByText('Tencent Cloud CBS')).toBeVisible();
  // The provider's own status word next to the normalised badge, for every status.
  const rows = grid.locator('tbody tr');
  await expect(grid.locator('.raw-status')).toHaveCount(await rows.count());
  for (const raw of await grid.locator('.raw-status').allInnerTexts()) expect(raw).toMatch(/^[A-Z_]+$/);
  const creating = rows.filter({ has: page.locator('[data-status="creating"]') }).first();
  await expect(creating.locator('.raw-status')).toHaveText('CREATING');
  const rollbacking = rows.filter({ has: page.locator('[data-status="rollbacking"]') }).first();
  await expect(rollbacking.locator('.raw-status')).toHaveText('ROLLBACKING');
  await expect(rows.filter({ has: page.locator('[data-status="available"]') }).first().locator('.raw-status')).toHaveText('NORMAL');
  await expect(page.getByLabel('Disk usage')).toBeVisible();
  await expect(page.getByLabel('Project ID')).toBeVisible();
  await expect(page.getByText(/^Page 1 of \d+ · \d+ snapshots$/)).toBeVisible();
  await shot(page, 'cbs-list');
});

test('filters by disk usage and by disk id, in the URL', async ({ page }) => {
  await page.goto(listUrl(CBS, 'limit=100'));
  await table(page);
  const all = await rowIds(page);
  await page.getByLabel('Disk usage').selectOption('SYSTEM_DISK');
  await expect(page).toHaveURL(/disk_usage=SYSTEM_DISK/);
  // The table keeps the previous rows until the filtered page has arrived: wait for it.
  await expect.poll(async () => (await rowIds(page)).length).toBeLessThan(all.length);
  const system = await rowIds(page);
  expect(system.length).toBeGreaterThan(0);
  await page.getByLabel('Disk usage').selectOption('DATA_DISK');
  await expect(page).toHaveURL(/disk_usage=DATA_DISK/);
  await expect.poll(async () => (await rowIds(page)).filter((id) => system.includes(id))).toEqual([]);
  const data = await rowIds(page);
  expect(data.length).toBeGreaterThan(0);
  await page.reload();
  await expect(page.getByLabel('Disk usage')).toHaveValue('DATA_DISK');
  await shot(page, 'cbs-filter-disk-usage');

  // A click on a disk filters by it (CBS's disk-id filter).
  const grid = await table(page);
  const disk = (await grid.locator('tbody .volume-link').first().innerText()).trim();
  await grid.locator('tbody .volume-link').first().click();
  await expect(page).toHaveURL(new RegExp(`volume_id=${disk}`));
  await expect(page.getByRole('searchbox', { name: 'Disk ID' })).toHaveValue(disk);
  for (const shown of await grid.locator('tbody .volume-link').allInnerTexts()) expect(shown).toBe(disk);
  await page.goBack();
  await expect(page).not.toHaveURL(/volume_id=/);
});

test('numbered pages: Next, a page number, Previous', async ({ page }) => {
  await page.goto(listUrl(CBS, 'limit=10'));
  await table(page);
  const first = await rowIds(page);
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page).toHaveURL(/offset=10/);
  await expect(page.getByText(/^Page 2 of \d+/)).toBeVisible();
  const second = await rowIds(page);
  expect(second.filter((id) => first.includes(id))).toEqual([]);
  await expect(page.getByRole('link', { name: 'Go to page 2' })).toHaveAttribute('aria-current', 'page');
  await page.getByRole('link', { name: 'Go to page 1' }).click();
  await expect(page).not.toHaveURL(/offset=/);
  await expect.poll(() => rowIds(page)).toEqual(first);
  await page.goBack();
  await expect(page.getByText(/^Page 2 of \d+/)).toBeVisible();
  await page.getByRole('button', { name: 'Previous' }).click();
  await expect.poll(() => rowIds(page)).toEqual(first);
  await shot(page, 'cbs-pages');
});

test('opens a CBS snapshot; edit and create are not offered', async ({ page }) => {
  await page.goto(listUrl(CBS));
  const grid = await table(page);
  await grid.locator('tbody tr td:first-child a').first().click();
  await expect(page).toHaveURL(new RegExp(`/accounts/${CBS}/snapshots/[^/]+$`));
  const facts = page.locator('dl.facts');
  await expect(facts.locator('dt', { hasText: 'Provider status' })).toBeVisible();
  await expect(facts.locator('dt', { hasText: 'Disk usage' })).toBeVisible();
  await expect(facts.locator('.fact', { hasText: 'Disk usage' })).toContainText(/System disk|Data disk/);
  await expect(facts.locator('dt', { hasText: 'Availability zone' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Edit' })).toHaveCount(0);
  await shot(page, 'cbs-detail');

  await page.goto(`/accounts/${CBS}/snapshots/new`);
  await expect(page.getByRole('heading', { name: 'Not supported for this account' })).toBeVisible();
  await expect(page.getByLabel('Volume', { exact: true })).toHaveCount(0);
});
