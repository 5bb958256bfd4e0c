// The snapshot list: columns, paging forward and back by markers (and the back button), page size.
import { test, expect } from '@playwright/test';
import { EVS, listUrl, rowIds, rowNames, shot, table } from '../helpers';

test('lists snapshots with every column', async ({ page }) => {
  await page.goto('/');
  // `/` opens the first account's list.
  await expect(page).toHaveURL(new RegExp(`/accounts/${EVS}/snapshots$`));
  const grid = await table(page);
  const headers = await grid.getByRole('columnheader').allInnerTexts();
  expect(headers).toEqual(['Name', 'ID', 'Status', 'Size', 'Volume', 'Created', 'Updated']);
  // Default page size: 20 rows.
  await expect(grid.locator('tbody tr')).toHaveCount(20);
  await expect(page.getByLabel('Page size')).toHaveValue('20');
  // Status badges, sizes, volume names from the volume list, local times with ages.
  await expect(grid.locator('[data-status="available"]').first()).toBeVisible();
  await expect(grid.getByText(/\d+ GB/).first()).toBeVisible();
  await expect(grid.getByRole('link', { name: 'mysql-data' }).first()).toBeVisible();
  await expect(grid.getByText(/ago$/).first()).toBeVisible();
  // Short ids with a copy button.
  const first = grid.locator('tbody tr').first();
  await expect(first.getByRole('button', { name: /^Copy ID / })).toBeVisible();
  await shot(page, 'list');
});

test('the auto-backup snapshot carries the auto tag', async ({ page }) => {
  await page.goto(listUrl(EVS, 'limit=100'));
  const grid = await table(page);
  const auto = grid.locator('tbody tr').filter({ has: page.getByText('auto', { exact: true }) });
  await expect(auto.first()).toBeVisible();
  await expect(auto.first()).toContainText('autobk_snapshot_');
});

test('pages forward and back by markers, and the back button retraces them', async ({ page }) => {
  await page.goto(listUrl(EVS, 'limit=10'));
  const previous = page.getByRole('button', { name: 'Previous' });
  const next = page.getByRole('button', { name: 'Next' });
  await expect(page.getByText(/^Page 1 ·/)).toBeVisible();
  await expect(previous).toBeDisabled();
  const page1 = await rowIds(page);
  expect(page1).toHaveLength(10);

  await next.click();
  await expect(page).toHaveURL(/marker=/);
  await expect(page.getByText(/^Page 2 ·/)).toBeVisible();
  const page2 = await rowIds(page);
  expect(page2).toHaveLength(10);
  expect(page2.filter((id) => page1.includes(id))).toEqual([]);
  await shot(page, 'list-page-2');

  await next.click();
  await expect(page).toHaveURL(/trail=/);
  await expect(page.getByText(/^Page 3 ·/)).toBeVisible();
  const page3 = await rowIds(page);
  expect(page3.filter((id) => page1.includes(id) || page2.includes(id))).toEqual([]);
  const page3Url = page.url();

  // Previous walks the marker stack back.
  await previous.click();
  await expect(page.getByText(/^Page 2 ·/)).toBeVisible();
  expect(await rowIds(page)).toEqual(page2);
  await previous.click();
  await expect(page.getByText(/^Page 1 ·/)).toBeVisible();
  expect(await rowIds(page)).toEqual(page1);

  // The browser's history holds every page.
  await page.goBack();
  await expect(page.getByText(/^Page 2 ·/)).toBeVisible();
  expect(await rowIds(page)).toEqual(page2);
  await page.goBack();
  await expect(page.getByText(/^Page 3 ·/)).toBeVisible();
  expect(await rowIds(page)).toEqual(page3);
  await page.goForward();
  await expect(page.getByText(/^Page 2 ·/)).toBeVisible();

  // A copied link reproduces page 3, and can still go back from there.
  await page.goto(page3Url);
  await expect(page.getByText(/^Page 3 ·/)).toBeVisible();
  expect(await rowIds(page)).toEqual(page3);
  await previous.click();
  await expect.poll(() => rowIds(page)).toEqual(page2);
});

test('the last page has no Next', async ({ page }) => {
  await page.goto(listUrl(EVS, 'limit=100'));
  await table(page);
  await expect(page.getByRole('button', { name: 'Next' })).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Previous' })).toBeDisabled();
  expect((await rowNames(page)).length).toBeGreaterThanOrEqual(30);
});

test('page size is a select kept in the URL', async ({ page }) => {
  await page.goto(listUrl(EVS));
  const grid = await table(page);
  const size = page.getByLabel('Page size');
  await expect(size.locator('option')).toHaveText(['10', '20', '50', '100']);
  await size.selectOption('10');
  await expect(page).toHaveURL(/limit=10/);
  await expect(grid.locator('tbody tr')).toHaveCount(10);
  await size.selectOption('50');
  await expect(page).toHaveURL(/limit=50/);
  expect((await rowIds(page)).length).toBeGreaterThan(20);
  await page.reload();
  await expect(page.getByLabel('Page size')).toHaveValue('50');
  await page.goBack();
  await expect(page).toHaveURL(/limit=10/);
  await expect(page.getByLabel('Page size')).toHaveValue('10');
});

test('an empty result says so and offers a way out', async ({ page }) => {
  await page.goto(listUrl(EVS, 'name=no-such-snapshot-anywhere'));
  await expect(page.getByRole('heading', { name: 'No snapshots match these filters' })).toBeVisible();
  await shot(page, 'list-empty');
  await page.getByRole('main').getByRole('link', { name: 'Clear filters' }).first().click();
  await expect(page).toHaveURL(new RegExp(`/accounts/${EVS}/snapshots$`));
  await table(page);
});

test('a hand-edited link with bad paging explains itself', async ({ page }) => {
  await page.goto(listUrl(EVS, 'limit=0'));
  const alert = page.getByRole('alert');
  await expect(alert.getByRole('heading', { name: "This link's filters are not valid" })).toBeVisible();
  await expect(alert).toContainText('Page size must be between 1 and 1000.');
});
