// A failed upstream call: the cloud refuses the account's keys. The console says so clearly,
// with the code and the request id, never a blank page.
import { test, expect } from '@playwright/test';
import { BAD_KEY, EVS, listUrl, shot, table } from '../helpers';

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

test('a failed load offers "Try again", which loads it again', async ({ page }) => {
  // The list call never reaches the server: a real network failure in the browser.
  const listCall = (url: URL) => url.pathname === `/api/v1/accounts/${EVS}/snapshots`;
  let refused = 0;
  await page.route(listCall, (route) => {
    refused += 1;
    return route.abort('connectionrefused');
  });
  await page.goto(listUrl(EVS));
  const alert = page.getByRole('alert');
  await expect(alert.getByRole('heading', { name: "The console's server cannot be reached" })).toBeVisible();
  await expect(alert.locator('code', { hasText: 'network_error' })).toBeVisible();
  await shot(page, 'error-try-again');

  // While the server is still unreachable, Try again asks again and fails again.
  await alert.getByRole('button', { name: 'Try again' }).click();
  await expect.poll(() => refused).toBe(2);
  await expect(alert.getByRole('button', { name: 'Try again' })).toBeVisible();

  // Reachable again: Try again shows the list, and the error is gone.
  await page.unroute(listCall);
  await alert.getByRole('button', { name: 'Try again' }).click();
  await table(page);
  await expect(page.getByRole('alert')).toHaveCount(0);
});

test('"Try again" on a refused key sends the call again', async ({ page }) => {
  await page.goto(`/accounts/${BAD_KEY}/snapshots/00000000-0000-4000-8000-000000000000`);
  const alert = page.getByRole('alert');
  await expect(alert.getByRole('heading', { name: 'Credentials rejected' })).toBeVisible();
  const first = await alert.locator('.request-id').innerText();
  const again = page.waitForRequest((r) => r.url().includes(`/api/v1/accounts/${BAD_KEY}/snapshots/`));
  await alert.getByRole('button', { name: 'Try again' }).click();
  await again;
  // A new call: a new request id, same clear error.
  await expect(alert.locator('.request-id')).not.toHaveText(first);
  await expect(alert.getByRole('heading', { name: 'Credentials rejected' })).toBeVisible();
});
