// The account switcher: shown when more than one account is configured; a link-like move.
import { test, expect } from '@playwright/test';
import { BAD_KEY, EVS, listUrl, table } from '../helpers';

test('the account switcher moves between accounts', async ({ page }) => {
  await page.goto(listUrl(EVS));
  await table(page);
  const switcher = page.getByLabel('Account');
  await expect(switcher).toHaveValue(EVS);
  await switcher.selectOption(BAD_KEY);
  await expect(page).toHaveURL(new RegExp(`/accounts/${BAD_KEY}/snapshots$`));
  await expect(page.getByRole('heading', { name: 'Credentials rejected' })).toBeVisible();
  await expect(page.getByLabel('Account')).toHaveValue(BAD_KEY);
  await page.goBack();
  await expect(page).toHaveURL(new RegExp(`/accounts/${EVS}/snapshots$`));
  await table(page);
  await expect(page.getByLabel('Account')).toHaveValue(EVS);
});
