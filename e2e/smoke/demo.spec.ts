// Plain demo mode (`snapdeck serve` with no configuration): the built-in emulators, with every
// request signed and verified, through list, show, create and update.
import { test, expect } from '@playwright/test';
import { shot, table, unique } from '../helpers';

test('demo mode: list, show, create and update', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/accounts\/demo\/snapshots$/);
  const grid = await table(page);
  await expect(grid.locator('tbody tr')).toHaveCount(20);
  await expect(page.getByText('demo', { exact: true }).first()).toBeVisible();
  await shot(page, 'demo-list');
  const accounts = await page.getByLabel('Account').locator('option').allInnerTexts();
  expect(accounts.some((a) => a.startsWith('demo-cbs'))).toBeTruthy();

  // Show.
  await grid.locator('tbody tr td:first-child a').first().click();
  await expect(page).toHaveURL(/\/accounts\/demo\/snapshots\/[0-9a-f-]{36}$/);
  await expect(page.locator('dl.facts')).toBeVisible();

  // Create, on a volume that is not attached.
  await page.goto('/accounts/demo/snapshots/new');
  const picker = page.getByLabel('Volume', { exact: true });
  const option = picker.locator('option').filter({ hasText: /not attached$/ }).first();
  await expect(option).toBeAttached();
  await picker.selectOption((await option.getAttribute('value')) ?? '');
  const name = unique('demo-e2e');
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByRole('button', { name: 'Create snapshot' }).click();
  await expect(page).toHaveURL(/\/accounts\/demo\/snapshots\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();

  // Update.
  await page.getByRole('link', { name: 'Edit' }).click();
  await page.getByLabel('Description').fill('updated in demo mode');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.locator('.fact', { hasText: 'Description' })).toContainText('updated in demo mode');
});
