// Plain demo mode (`snapdeck serve` with no configuration): the built-in emulators, with every
// request signed and verified, through list, show, create and update; and the README's pictures
// of it (issue 10).
import { test, expect, type Page } from '@playwright/test';
import * as path from 'node:path';
import { expectAccessible, THEMES } from '../a11y';
import { SCREENSHOTS, shot, table, unique } from '../helpers';

/** One screen, not the whole page: the pictures stay small. */
async function picture(page: Page, name: string) {
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
}

// First, while the demo holds only its own snapshots: the list, a snapshot and the create form
// in both themes, one screen each, checked with axe (e2e/screenshots/readme-*.png, copied into
// docs/screenshots/ by scripts/readme-screenshots).
test('the README pictures: list, detail and create, light and dark', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  for (const theme of THEMES) {
    await page.emulateMedia({ colorScheme: theme });
    await page.goto('/accounts/demo/snapshots');
    const grid = await table(page);
    await expectAccessible(page, `demo list · en · ${theme}`);
    await picture(page, `readme-list-${theme}`);

    await grid.getByRole('link', { name: '数据库每日备份' }).first().click();
    await expect(page.locator('dl.facts')).toBeVisible();
    await expectAccessible(page, `demo detail · en · ${theme}`);
    await picture(page, `readme-detail-${theme}`);

    await page.goto('/accounts/demo/snapshots/new');
    await expect(page.locator('select#volume option').nth(1)).toBeAttached();
    await page.locator('#name').fill('nightly-before-upgrade');
    await expectAccessible(page, `demo create · en · ${theme}`);
    await picture(page, `readme-create-${theme}`);
  }
});

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
