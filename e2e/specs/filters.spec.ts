// Every filter goes to the backend through the URL: reload and Back reproduce the view.
import { test, expect } from '@playwright/test';
import { EVS, listUrl, rowIds, rowNames, shot, table } from '../helpers';

test('name filter round-trips through the URL', async ({ page }) => {
  await page.goto(listUrl(EVS));
  const names = await rowNames(page);
  const target = names.find((name) => /^[a-z0-9-]+$/.test(name)) ?? names[0];
  const nameBox = page.getByRole('searchbox', { name: 'Name' });
  await nameBox.fill(target);
  await nameBox.press('Enter');
  await expect(page).toHaveURL(new RegExp(`name=${encodeURIComponent(target)}`));
  // The table keeps the previous rows until the filtered page has arrived: wait for it.
  await expect.poll(async () => (await rowNames(page)).every((name) => name === target)).toBe(true);
  const filtered = await rowNames(page);
  expect(filtered.length).toBeGreaterThan(0);
  for (const name of filtered) expect(name).toBe(target);
  await shot(page, 'list-filter-name');

  await page.reload();
  await expect(page.getByRole('searchbox', { name: 'Name' })).toHaveValue(target);
  expect(await rowNames(page)).toEqual(filtered);

  await page.goBack();
  await expect(page).toHaveURL(new RegExp(`/accounts/${EVS}/snapshots$`));
  await expect(page.getByRole('searchbox', { name: 'Name' })).toHaveValue('');
  await expect.poll(() => rowNames(page)).toEqual(names);
});

test('a unicode name filter is encoded and kept', async ({ page }) => {
  // One of the demo's Chinese names (specs that run earlier add Latin-Chinese ones).
  const chinese = '数据库每日备份';
  await page.goto(listUrl(EVS, 'limit=100'));
  expect(await rowNames(page)).toContain(chinese);
  await page.getByRole('searchbox', { name: 'Name' }).fill(chinese);
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page).toHaveURL(/name=%E/);
  await expect.poll(async () => (await rowNames(page)).every((name) => name === chinese)).toBe(true);
  await page.reload();
  await expect(page.getByRole('searchbox', { name: 'Name' })).toHaveValue(chinese);
});

test('status filter applies on choice and round-trips', async ({ page }) => {
  await page.goto(listUrl(EVS));
  await table(page);
  const status = page.getByLabel('Status');
  await status.selectOption('error');
  await expect(page).toHaveURL(/status=error/);
  const grid = await table(page);
  const badges = grid.locator('tbody [data-status]');
  // The unfiltered rows stay on show until the filtered page has arrived: wait for the swap.
  const statuses = () => badges.evaluateAll((all) => all.map((badge) => badge.getAttribute('data-status')));
  await expect
    .poll(async () => {
      const shown = await statuses();
      return shown.length > 0 && shown.every((status) => status === 'error');
    }, { message: 'every row shown has the status Error' })
    .toBe(true);
  await expect(badges.first()).toHaveText('Error');
  await shot(page, 'list-filter-status');

  await page.reload();
  await expect(page.getByLabel('Status')).toHaveValue('error');
  await page.goBack();
  await expect(page.getByLabel('Status')).toHaveValue('');
  await page.goForward();
  await expect(page.getByLabel('Status')).toHaveValue('error');
});

test('volume filter from a click on a volume, and typed', async ({ page }) => {
  await page.goto(listUrl(EVS));
  const grid = await table(page);
  await grid.getByRole('link', { name: 'mysql-data' }).first().click();
  await expect(page).toHaveURL(/volume_id=4fa05d8c-2b6e-4dbf-9a7c-9e5b1c3f6a05/);
  const volumeBox = page.getByRole('searchbox', { name: 'Volume ID' });
  await expect(volumeBox).toHaveValue('4fa05d8c-2b6e-4dbf-9a7c-9e5b1c3f6a05');
  // The table keeps the previous rows until the filtered page has arrived: wait for it.
  await expect
    .poll(async () => [...new Set(await grid.locator('tbody .volume-link').allInnerTexts())])
    .toEqual(['mysql-data']);
  await shot(page, 'list-filter-volume');

  // Typed, with the blanks a paste brings.
  await volumeBox.fill('  0b6c1f4e-8d2a-4f7b-9c3e-5a1d7e9b2c01 ');
  await volumeBox.press('Enter');
  await expect(page).toHaveURL(/volume_id=0b6c1f4e-8d2a-4f7b-9c3e-5a1d7e9b2c01/);
  await expect
    .poll(async () => [...new Set(await grid.locator('tbody .volume-link').allInnerTexts())])
    .toEqual(['ecs-web-01-sys']);
  await page.reload();
  await expect(page.getByRole('searchbox', { name: 'Volume ID' })).toHaveValue(
    '0b6c1f4e-8d2a-4f7b-9c3e-5a1d7e9b2c01',
  );
});

test('filters combine, keep the page size, and restart paging', async ({ page }) => {
  await page.goto(listUrl(EVS, 'limit=10'));
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page).toHaveURL(/marker=/);
  await page.getByLabel('Status').selectOption('available');
  await expect(page).toHaveURL(/limit=10/);
  await expect(page).toHaveURL(/status=available/);
  await expect(page).not.toHaveURL(/marker=/);
  await expect(page.getByText(/^Page 1 ·/)).toBeVisible();
  expect((await rowIds(page)).length).toBeLessThanOrEqual(10);
});

test('a malformed volume id is refused before any request', async ({ page }) => {
  await page.goto(listUrl(EVS));
  await table(page);
  const volumeBox = page.getByRole('searchbox', { name: 'Volume ID' });
  await volumeBox.fill('../etc/passwd');
  await volumeBox.press('Enter');
  await expect(page.getByText("Volume ID may only contain letters, digits, '-' and '_'")).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`/accounts/${EVS}/snapshots$`));
});
