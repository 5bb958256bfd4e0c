// Live status: only transitional rows are polled, a row is updated in place (not re-rendered),
// and nothing is fetched while the tab is hidden.
import { test, expect, type Page } from '@playwright/test';
import { EVS, createViaApi, listUrl, shot, table, unique, volume } from '../helpers';

async function setVisibility(page: Page, state: 'hidden' | 'visible') {
  await page.evaluate((value) => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => value });
    document.dispatchEvent(new Event('visibilitychange'));
  }, state);
}

test('polls only transitional rows, in place, and pauses while the tab is hidden', async ({ page, request }) => {
  const target = await volume(request, EVS, false);
  const created = await createViaApi(request, EVS, { volume_id: target.id, name: unique('e2e-poll') });
  const polled: string[] = [];
  page.on('request', (r) => {
    const path = new URL(r.url()).pathname;
    if (path.startsWith(`/api/v1/accounts/${EVS}/snapshots/`)) {
      polled.push(decodeURIComponent(path.split('/').pop()!));
    }
  });

  await page.goto(listUrl(EVS));
  const grid = await table(page);
  const row = grid.locator('tbody tr').filter({ hasText: created.name });
  await expect(row.locator('[data-status]')).toHaveAttribute('data-status', 'creating');
  // Hide the tab before the first poll (2.5 s after load).
  await setVisibility(page, 'hidden');
  const transitional = await grid.locator('tbody tr').evaluateAll((rows) =>
    rows
      .filter((tr) => ['creating', 'deleting', 'rollbacking', 'backing-up'].includes(
        tr.querySelector('[data-status]')?.getAttribute('data-status') ?? ''))
      .map((tr) => decodeURIComponent(tr.querySelector('a')!.getAttribute('href')!.split('/').pop()!)),
  );
  expect(transitional).toContain(created.id);
  // Mark the row's element: a poll that re-rendered the table would lose the mark.
  await row.evaluate((tr) => tr.setAttribute('data-e2e-mark', 'kept'));

  // Hidden past the moment the snapshot settles (6 s): nothing is fetched.
  await page.waitForTimeout(8_000);
  expect(polled).toEqual([]);
  await expect(row.locator('[data-status]')).toHaveAttribute('data-status', 'creating');

  // Visible again: polling resumes and the row turns available where it stands.
  await setVisibility(page, 'visible');
  await expect(row.locator('[data-status]')).toHaveAttribute('data-status', 'available', { timeout: 10_000 });
  await expect(row).toHaveAttribute('data-e2e-mark', 'kept');
  await expect(row.getByRole('progressbar')).toHaveCount(0);
  // Only rows that were transitional were fetched, one by one.
  expect(polled.length).toBeGreaterThan(0);
  for (const id of polled) expect(transitional).toContain(id);
});

/** Answers the console's GET of snapshot `id` with the backend's real answer for a missing
 * snapshot, as if it had been deleted meanwhile (the console has no delete); counts the calls. */
async function deleteInBrowser(page: Page, account: string, id: string): Promise<() => number> {
  let calls = 0;
  await page.route(
    (url) => url.pathname === `/api/v1/accounts/${account}/snapshots/${id}`,
    async (route) => {
      calls += 1;
      const missing = route.request().url().replace(id, '00000000-0000-4000-8000-000000000000');
      const response = await route.fetch({ url: missing });
      expect(response.status()).toBe(404);
      await route.fulfill({ response });
    },
  );
  return () => calls;
}

test('a followed snapshot that disappears shows not-found on its page, and polling stops', async ({ page, request }) => {
  const target = await volume(request, EVS, false);
  const created = await createViaApi(request, EVS, { volume_id: target.id, name: unique('e2e-gone') });
  await page.goto(`/accounts/${EVS}/snapshots/${created.id}`);
  await expect(page.getByText('Following this snapshot until it is ready')).toBeVisible();
  const calls = await deleteInBrowser(page, EVS, created.id);

  // The first poll (2.5 s) finds it gone.
  await expect(page.getByRole('heading', { level: 1, name: 'Snapshot not found' })).toBeVisible();
  await expect(page.getByText('Following this snapshot until it is ready')).toHaveCount(0);
  expect(calls()).toBe(1);
  // The next poll would come 5 s later: none does.
  await page.waitForTimeout(7_000);
  expect(calls()).toBe(1);
  await shot(page, 'detail-gone');
});

test('a live row that disappears says so and is no longer polled', async ({ page, request }) => {
  const target = await volume(request, EVS, false);
  const created = await createViaApi(request, EVS, { volume_id: target.id, name: unique('e2e-gone-row') });
  const calls = await deleteInBrowser(page, EVS, created.id);
  await page.goto(listUrl(EVS));
  const grid = await table(page);
  const row = grid.locator('tbody tr').filter({ hasText: created.name });
  await expect(row.locator('[data-status]')).toHaveAttribute('data-status', 'not-found');
  await expect(row.locator('[data-status]')).toHaveText('Not found');
  await expect(row.getByRole('progressbar')).toHaveCount(0);
  expect(calls()).toBe(1);
  await page.waitForTimeout(7_000);
  expect(calls()).toBe(1);
});
