// A Tencent Cloud CBS account: list, filter by disk usage and disk id, numbered pages, open a
// snapshot; create, edit and delete (issue 9: CBS writes through API 3.0).
import { test, expect } from '@playwright/test';
import { CBS, listUrl, rowIds, shot, table, unique } from '../helpers';

test('lists CBS snapshots with create, with CBS filters and numbered pages', async ({ page }) => {
  await page.goto(listUrl(CBS));
  const grid = await table(page);
  // CBS does not report when a snapshot last changed: no Updated column.
  expect(await grid.getByRole('columnheader').allInnerTexts()).toEqual([
    'Name', 'ID', 'Status', 'Size', 'Disk ID', 'Created',
  ]);
  await expect(page.getByRole('link', { name: 'Create snapshot' })).toBeVisible();
  await expect(page.getByText('Tencent Cloud CBS')).toBeVisible();
  // The provider's own status word next to the normalised badge, for every status.
  const rows = grid.locator('tbody tr');
  await expect(grid.locator('.raw-status')).toHaveCount(await rows.count());
  for (const raw of await grid.locator('.raw-status').allInnerTexts()) expect(raw).toMatch(/^[A-Z_]+$/);
  const creating = rows.filter({ has: page.locator('[data-status="creating"]') }).first();
  await expect(creating.locator('.raw-status')).toHaveText('CREATING');
  const rollbacking = rows.filter({ has: page.locator('[data-status="rollbacking"]') }).first();
  await expect(rollbacking.locator('.raw-status')).toHaveText('ROLLBACKING');
  await expect(rows.filter({ has: page.locator('[data-status="available"]') }).first().locator('.raw-status')).toHaveText('NORMAL');
  await expect(page.getByLabel('Disk usage')).toBeVisible();
  await expect(page.getByLabel('Project ID')).toBeVisible();
  await expect(page.getByText(/^Page 1 of \d+ · \d+ snapshots$/)).toBeVisible();
  await shot(page, 'cbs-list');
});

test('filters by disk usage and by disk id, in the URL', async ({ page }) => {
  await page.goto(listUrl(CBS, 'limit=100'));
  await table(page);
  const all = await rowIds(page);
  await page.getByLabel('Disk usage').selectOption('SYSTEM_DISK');
  await expect(page).toHaveURL(/disk_usage=SYSTEM_DISK/);
  // The table keeps the previous rows until the filtered page has arrived: wait for it.
  await expect.poll(async () => (await rowIds(page)).length).toBeLessThan(all.length);
  const system = await rowIds(page);
  expect(system.length).toBeGreaterThan(0);
  await page.getByLabel('Disk usage').selectOption('DATA_DISK');
  await expect(page).toHaveURL(/disk_usage=DATA_DISK/);
  await expect.poll(async () => (await rowIds(page)).filter((id) => system.includes(id))).toEqual([]);
  const data = await rowIds(page);
  expect(data.length).toBeGreaterThan(0);
  await page.reload();
  await expect(page.getByLabel('Disk usage')).toHaveValue('DATA_DISK');
  await shot(page, 'cbs-filter-disk-usage');

  // A click on a disk filters by it (CBS's disk-id filter). The disk list names each disk now
  // that CBS serves DescribeDisks, so the link shows the disk's name and carries its id.
  const grid = await table(page);
  const link = grid.locator('tbody .volume-link').first();
  const shownName = (await link.innerText()).trim();
  const disk = new URL((await link.getAttribute('href')) ?? '', 'http://x').searchParams.get('volume_id') ?? '';
  expect(disk).toMatch(/^disk-/);
  await link.click();
  await expect(page).toHaveURL(new RegExp(`volume_id=${disk}`));
  await expect(page.getByRole('searchbox', { name: 'Disk ID' })).toHaveValue(disk);
  for (const shown of await grid.locator('tbody .volume-link').allInnerTexts()) expect(shown).toBe(shownName);
  await page.goBack();
  await expect(page).not.toHaveURL(/volume_id=/);
});

test('numbered pages: Next, a page number, Previous', async ({ page }) => {
  await page.goto(listUrl(CBS, 'limit=10'));
  await table(page);
  const first = await rowIds(page);
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page).toHaveURL(/offset=10/);
  await expect(page.getByText(/^Page 2 of \d+/)).toBeVisible();
  const second = await rowIds(page);
  expect(second.filter((id) => first.includes(id))).toEqual([]);
  await expect(page.getByRole('link', { name: 'Go to page 2' })).toHaveAttribute('aria-current', 'page');
  await page.getByRole('link', { name: 'Go to page 1' }).click();
  await expect(page).not.toHaveURL(/offset=/);
  await expect.poll(() => rowIds(page)).toEqual(first);
  await page.goBack();
  await expect(page.getByText(/^Page 2 of \d+/)).toBeVisible();
  await page.getByRole('button', { name: 'Previous' }).click();
  await expect.poll(() => rowIds(page)).toEqual(first);
  await shot(page, 'cbs-pages');
});

test('opens a CBS snapshot; edit is offered', async ({ page }) => {
  await page.goto(listUrl(CBS));
  const grid = await table(page);
  await grid.locator('tbody tr td:first-child a').first().click();
  await expect(page).toHaveURL(new RegExp(`/accounts/${CBS}/snapshots/[^/]+$`));
  const facts = page.locator('dl.facts');
  await expect(facts.locator('dt', { hasText: 'Provider status' })).toBeVisible();
  await expect(facts.locator('dt', { hasText: 'Disk usage' })).toBeVisible();
  await expect(facts.locator('.fact', { hasText: 'Disk usage' })).toContainText(/System disk|Data disk/);
  await expect(facts.locator('dt', { hasText: 'Availability zone' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Edit' })).toBeVisible();
  await shot(page, 'cbs-detail');
});

test('CBS create → edit → delete: 60-byte names, an expiry, permanent again, then gone', async ({ page, request }) => {
  await page.goto(listUrl(CBS));
  await page.getByRole('link', { name: 'Create snapshot' }).click();
  await expect(page.getByRole('heading', { name: 'Create snapshot' })).toBeVisible();
  // No description or metadata on CBS; a name is counted against Tencent's 60 bytes.
  await expect(page.getByLabel('Description')).toHaveCount(0);
  const picker = page.getByLabel('Volume', { exact: true });
  const option = picker.locator('option').filter({ hasText: /not attached$/ }).first();
  await expect(option).toBeAttached();
  await picker.selectOption((await option.getAttribute('value')) ?? '');
  const name = page.getByLabel('Name', { exact: true });
  await name.fill('快'.repeat(21));
  await expect(page.getByText('63 / 60 bytes')).toBeVisible();
  await page.getByRole('button', { name: 'Create snapshot' }).click();
  await expect(page).toHaveURL(/\/new$/);
  const made = unique('e2e-cbs');
  await name.fill(made);
  await page.getByLabel('Deletes itself at (UTC)').fill('2031-03-04T05:06');
  await shot(page, 'cbs-create');
  await page.getByRole('button', { name: 'Create snapshot' }).click();
  await expect(page).toHaveURL(new RegExp(`/accounts/${CBS}/snapshots/snap-[^/]+$`));
  const id = decodeURIComponent(page.url().split('/').pop() ?? '');
  const status = page.locator('.subtitle [data-status]');
  await expect(status).toHaveAttribute('data-status', 'available', { timeout: 40_000 });
  const fresh = await (await request.get(`/api/v1/accounts/${CBS}/snapshots/${id}`)).json();
  expect(fresh.snapshot.expires_at).toMatch(/^2031-03-04T05:06/);

  // Edit: a new name, then keep it until deleted.
  await page.getByRole('link', { name: 'Edit' }).click();
  await expect(page.getByRole('heading', { name: 'Edit snapshot' })).toBeVisible();
  await expect(page.getByLabel('Keep until deleted (permanent)')).not.toBeChecked();
  await page.getByLabel('Name', { exact: true }).fill(`${made}-renamed`);
  await page.getByLabel('Keep until deleted (permanent)').check();
  await expect(page.getByRole('rowheader', { name: 'Expires' })).toBeVisible();
  await shot(page, 'cbs-edit');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page).toHaveURL(new RegExp(`/snapshots/${id}$`));
  await expect(page.getByRole('heading', { name: `${made}-renamed` })).toBeVisible();
  await expect
    .poll(async () => (await (await request.get(`/api/v1/accounts/${CBS}/snapshots/${id}`)).json()).snapshot.expires_at ?? null)
    .toBeNull();

  // Delete.
  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: `Delete snapshot “${made}-renamed”?` });
  await expect(dialog).toContainText(id);
  await shot(page, 'dialog-delete-cbs');
  await dialog.getByRole('button', { name: 'Delete snapshot' }).click();
  await expect(page).toHaveURL(new RegExp(`/accounts/${CBS}/snapshots$`), { timeout: 40_000 });
  await expect(page.getByRole('status').filter({ hasText: 'was deleted' })).toBeVisible();
});

test('a CBS name over 60 bytes is refused by the server too', async ({ request }) => {
  const disks = (await (await request.get(`/api/v1/accounts/${CBS}/volumes`)).json()).volumes;
  const response = await request.post(`/api/v1/accounts/${CBS}/snapshots`, {
    data: { snapshot: { volume_id: disks[0].id, name: 'a'.repeat(61) } },
  });
  expect(response.status()).toBe(400);
  const body = await response.json();
  expect(body.error.fields[0]).toMatchObject({ field: 'name' });
});

test('CBS roll back onto an attached disk offers stop-and-start of its instance', async ({ page, request }) => {
  const disks = (await (await request.get(`/api/v1/accounts/${CBS}/volumes`)).json()).volumes;
  const disk = disks.find((d: { attached: boolean; status: string }) => d.attached && !/ROLLBACK/i.test(d.status));
  expect(disk, 'an attached disk').toBeTruthy();
  const created = await request.post(`/api/v1/accounts/${CBS}/snapshots`, {
    data: { snapshot: { volume_id: disk.id, name: unique('e2e-cbs-rb') } },
  });
  expect(created.status(), await created.text()).toBe(202);
  const { snapshot } = await created.json();
  await page.goto(`/accounts/${CBS}/snapshots/${snapshot.id}`);
  await expect(page.locator('.subtitle [data-status]')).toHaveAttribute('data-status', 'available', { timeout: 40_000 });

  await page.getByRole('button', { name: 'Roll back', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: `Roll back volume “${disk.name || disk.id}”?` });
  const field = dialog.getByLabel('Type the volume name to confirm');
  await expect(field).toBeFocused();
  await field.fill(disk.id);
  const confirm = dialog.getByRole('button', { name: 'Roll back', exact: true });
  // Attached: only with stop-and-start chosen.
  await expect(confirm).toBeDisabled();
  await dialog.getByLabel('Stop the instance first and start it again afterwards').check();
  await expect(confirm).toBeEnabled();
  await shot(page, 'dialog-rollback-cbs');
  await confirm.click();
  await expect(dialog).toHaveCount(0);
  await expect(page.locator('.subtitle [data-status]')).toHaveAttribute('data-status', 'rollbacking');
  await expect(page.getByText('The volume is available again: the rollback has finished.')).toBeVisible({ timeout: 40_000 });
});
