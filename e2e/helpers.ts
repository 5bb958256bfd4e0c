// Shared steps of the specs: where the accounts are, screenshots, and small waits.
import { expect, type Page, type APIRequestContext } from '@playwright/test';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Accounts the runner configures (scripts/e2e). */
export const EVS = 'evs-demo';
export const BAD_KEY = 'evs-badkey';
export const CBS = 'cbs-demo';
/** EVS behind an emulator that loses a create's reply after doing the work. */
export const FLAKY = 'evs-flaky';
/** EVS behind an emulator that answers every call 503. */
export const DOWN = 'evs-down';

export const SCREENSHOTS = path.join(__dirname, 'screenshots');

export function listUrl(account: string, query = ''): string {
  return `/accounts/${account}/snapshots${query ? `?${query}` : ''}`;
}

/** A full-page screenshot in e2e/screenshots/<name>.png. */
export async function shot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** The snapshot table, once its rows are there. */
export async function table(page: Page) {
  const grid = page.getByRole('table', { name: /Snapshots of this account|本账号的快照/ });
  await expect(grid).toBeVisible();
  await expect(grid.getByRole('row').nth(1)).toBeVisible();
  return grid;
}

/** The names in the table's first column, in order. */
export async function rowNames(page: Page): Promise<string[]> {
  const grid = await table(page);
  return grid.locator('tbody tr td:first-child a').allInnerTexts();
}

/** The ids behind the table's rows (from their detail links), in order. */
export async function rowIds(page: Page): Promise<string[]> {
  const grid = await table(page);
  const hrefs = await grid
    .locator('tbody tr td:first-child a')
    .evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
  return hrefs.map((href) => decodeURIComponent(href.split('/').pop() ?? ''));
}

export function unique(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6).toString(36)}`;
}

/** Creates a snapshot through the console's API (for specs about something else). */
export async function createViaApi(
  request: APIRequestContext,
  account: string,
  body: { volume_id: string; name: string; description?: string; force?: boolean },
): Promise<{ id: string; name: string }> {
  const response = await request.post(`/api/v1/accounts/${account}/snapshots`, {
    data: { snapshot: { force: true, ...body } },
  });
  expect(response.status(), await response.text()).toBe(202);
  const json = await response.json();
  return json.snapshot;
}

/** A volume of the account: attached to a server or not. */
export async function volume(
  request: APIRequestContext,
  account: string,
  attached: boolean,
): Promise<{ id: string; name: string }> {
  const response = await request.get(`/api/v1/accounts/${account}/volumes`);
  expect(response.ok()).toBeTruthy();
  const { volumes } = await response.json();
  const found = volumes.find(
    (v: { attachments: unknown[]; status: string }) =>
      (v.attachments.length > 0 || v.status === 'in-use') === attached,
  );
  expect(found, `a volume with attached=${attached}`).toBeTruthy();
  return found;
}

/** Waits until the console's API shows the snapshot in `status`. */
export async function waitForStatus(
  request: APIRequestContext,
  account: string,
  id: string,
  status: string,
): Promise<void> {
  await expect
    .poll(
      async () => {
        const response = await request.get(`/api/v1/accounts/${account}/snapshots/${encodeURIComponent(id)}`);
        return response.ok() ? (await response.json()).snapshot.status : `HTTP ${response.status()}`;
      },
      { timeout: 30_000, intervals: [500, 1000] },
    )
    .toBe(status);
}

/** Makes the page start in Simplified Chinese (the console remembers the choice this way). */
export async function inChinese(page: Page): Promise<void> {
  await page.addInitScript(() => window.localStorage.setItem('snapdeck.lang', 'zh-CN'));
}
