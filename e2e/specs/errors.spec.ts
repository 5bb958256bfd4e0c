// A failed upstream call: the cloud refuses the account's keys. The console says so clearly,
// with the code and the request id, never a blank page.
import { test, expect } from '@playwright/test';
import { BAD_KEY, listUrl, shot } from '../helpers';

test('a wrong secret key shows "credentials rejected" with code and request id', async ({ page }) => {
  const answer = page.waitForResponse((r) => r.url().includes(`/api/v1/accounts/${BAD_KEY}/snapshots`));
  await page.goto(listUrl(BAD_KEY));
  const response = await answer;
  const headerId = response.headers()['x-request-id'];
  expect(headerId).toBeTruthy();

  const alert = page.getByRole('alert');
  await expect(alert.getByRole('heading', { name: 'Credentials rejected' })).toBeVisible();
  await expect(alert).toContainText(/AK\/SK/);
  await expect(alert.locator('dt', { hasText: 'Code' })).toBeVisible();
  await expect(alert.locator('code', { hasText: 'credentials_rejected' })).toBeVisible();
  await expect(alert.getByText('Request ID', { exact: true })).toBeVisible();
  await expect(alert.locator('.request-id')).toHaveText(headerId);
  // The rest of the console still works: header, filters, other accounts.
  await expect(page.getByRole('heading', { name: 'Snapshots' })).toBeVisible();
  await expect(page.getByLabel('Account')).toBeVisible();
  await shot(page, 'error-credentials-rejected');
});

test('the detail page of such an account fails the same way', async ({ page }) => {
  await page.goto(`/accounts/${BAD_KEY}/snapshots/00000000-0000-4000-8000-000000000000`);
  const alert = page.getByRole('alert');
  await expect(alert.getByRole('heading', { name: 'Credentials rejected' })).toBeVisible();
  await expect(alert.locator('.request-id')).not.toBeEmpty();
});
