// Plain demo mode (`snapdeck serve` with no configuration): the console loads and shows the
// built-in emulators' snapshots.
import { test, expect } from '@playwright/test';
import { shot, table } from '../helpers';

test('demo mode shows the demo snapshots', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/accounts\/demo\/snapshots$/);
  const grid = await table(page);
  await expect(grid.locator('tbody tr')).toHaveCount(20);
  await expect(page.getByText('demo', { exact: true }).first()).toBeVisible();
  await shot(page, 'demo-list');
  if (process.env.SNAPDECK_NO_CBS !== '1') {
    const accounts = await page.getByLabel('Account').locator('option').allInnerTexts();
    expect(accounts.some((a) => a.startsWith('demo-cbs'))).toBeTruthy();
  }
});
