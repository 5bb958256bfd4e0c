// One snapshot's page: every field, metadata, auto-backup badge, Copy JSON, links, not-found.
import { test, expect } from '@playwright/test';
import { EVS, listUrl, shot, table } from '../helpers';

test('opens from the list with every field and its links', async ({ page, context, request }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto(listUrl(EVS, 'limit=100'));
  const grid = await table(page);
  // A snapshot with metadata and a description: the MySQL daily one.
  const link = grid.getByRole('link', { name: '数据库每日备份' }).first();
  await link.click();
  await expect(page).toHaveURL(new RegExp(`/accounts/${EVS}/snapshots/[0-9a-f-]{36}$`));
  const id = decodeURIComponent(page.url().split('/').pop()!);
  await expect(page.getByRole('heading', { level: 1, name: '数据库每日备份' })).toBeVisible();

  const facts = page.locator('dl.facts');
  for (const label of ['Snapshot ID', 'Name', 'Description', 'Status', 'Progress', 'Size', 'Volume', 'Project ID', 'Created', 'Updated']) {
    await expect(facts.locator('dt', { hasText: new RegExp(`^${label}$`) })).toBeVisible();
  }
  await expect(facts).toContainText(id);
  await expect(facts).toContainText('MySQL');
  await expect(facts).toContainText(/\d+ GB/);
  // Times in the browser's zone (the specs run in Asia/Shanghai), with their age.
  await expect(facts.locator('.fact', { hasText: 'Created' })).toContainText('UTC+08:00');
  await expect(facts.locator('.fact', { hasText: 'Created' })).toContainText(/ago|just now/);
  await expect(facts.locator('.fact', { hasText: 'Project ID' }).locator('code')).not.toBeEmpty();
  // The volume by name and attachment, as the volume list has it, with its id still shown.
  const volumeFact = facts.locator('.fact').filter({ has: page.locator('dt', { hasText: /^Volume$/ }) });
  const listed = await (await request.get(`/api/v1/accounts/${EVS}/volumes`)).json();
  const mysql = listed.volumes.find((v: { name: string }) => v.name === 'mysql-data');
  const attached = mysql.attachments.length > 0 || mysql.status === 'in-use';
  await expect(volumeFact.locator('.volume-name')).toHaveText('mysql-data');
  await expect(volumeFact.locator('.tag-volume')).toHaveText(attached ? 'attached' : 'not attached');
  await expect(volumeFact.locator('code.volume-id')).toHaveText(mysql.id);

  const metadata = page.getByRole('table').filter({ has: page.getByRole('columnheader', { name: 'Key' }) });
  await expect(metadata.getByRole('cell', { name: 'db', exact: true })).toBeVisible();
  await expect(metadata.getByRole('cell', { name: 'mysql', exact: true })).toBeVisible();
  await shot(page, 'detail');

  // Copy JSON puts the record on the clipboard.
  await page.getByRole('button', { name: 'Copy JSON' }).click();
  await expect(page.getByRole('button', { name: 'Copied' })).toBeVisible();
  const copied = JSON.parse(await page.evaluate(() => navigator.clipboard.readText()));
  expect(copied.id).toBe(id);
  expect(copied.metadata.db).toBe('mysql');

  // Edit, and the volume's other snapshots.
  await expect(page.getByRole('link', { name: 'Edit' })).toHaveAttribute('href', new RegExp(`${id}/edit$`));
  await page.getByRole('link', { name: 'Other snapshots of this volume' }).click();
  await expect(page).toHaveURL(/volume_id=4fa05d8c-2b6e-4dbf-9a7c-9e5b1c3f6a05/);
  const volumes = await (await table(page)).locator('tbody .volume-link').allInnerTexts();
  for (const name of volumes) expect(name).toBe('mysql-data');
});

test('an automatic backup explains itself', async ({ page }) => {
  await page.goto(listUrl(EVS, 'limit=100'));
  const grid = await table(page);
  await grid.locator('tbody tr').filter({ hasText: 'autobk_snapshot_' }).first().getByRole('link').first().click();
  await expect(page.getByText('Automatic backup', { exact: true })).toBeVisible();
  await expect(page.getByText(/A server backup made this snapshot/)).toBeVisible();
  await expect(page.getByRole('cell', { name: '__system__enableActive' })).toBeVisible();
  await shot(page, 'detail-auto-backup');
});

test('a missing snapshot shows a not-found page', async ({ page }) => {
  await page.goto(`/accounts/${EVS}/snapshots/00000000-0000-4000-8000-000000000000`);
  await expect(page.getByRole('heading', { name: 'Snapshot not found' })).toBeVisible();
  await shot(page, 'detail-not-found');
  await page.getByRole('link', { name: 'Go to snapshots' }).click();
  await expect(page).toHaveURL(new RegExp(`/accounts/${EVS}/snapshots$`));
});

test('an unknown address and an unknown account say so', async ({ page }) => {
  await page.goto('/no/such/page');
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  await page.goto('/accounts/nobody/snapshots');
  await expect(page.getByRole('heading', { name: 'Unknown account' })).toBeVisible();
  await expect(page.getByRole('link', { name: EVS })).toBeVisible();
});

test('without the volume list the id is shown, and "Try again" brings the name', async ({ page }) => {
  const volumesCall = (url: URL) => url.pathname === `/api/v1/accounts/${EVS}/volumes`;
  await page.route(volumesCall, (route) => route.abort('connectionrefused'));
  await page.goto(listUrl(EVS, 'limit=100'));
  await (await table(page)).getByRole('link', { name: '数据库每日备份' }).first().click();
  const volumeFact = page.locator('dl.facts .fact').filter({ has: page.locator('dt', { hasText: /^Volume$/ }) });
  await expect(volumeFact.locator('code.volume-id')).toHaveText('4fa05d8c-2b6e-4dbf-9a7c-9e5b1c3f6a05');
  await expect(volumeFact.locator('.volume-name')).toHaveCount(0);
  const notice = volumeFact.locator('details.notice');
  await notice.getByText('Volume names could not be loaded; ids are shown instead.').click();
  await expect(notice.locator('code', { hasText: 'network_error' })).toBeVisible();

  await page.unroute(volumesCall);
  await notice.getByRole('button', { name: 'Try again' }).click();
  await expect(volumeFact.locator('.volume-name')).toHaveText('mysql-data');
  await expect(volumeFact.locator('details.notice')).toHaveCount(0);
});
