// Creating a snapshot: the picker, live validation, the force rule on an attached volume, EVS
// errors next to the form, then the detail page following the snapshot until it is available.
import { test, expect, type Page } from '@playwright/test';
import { EVS, listUrl, shot, table, unique } from '../helpers';

async function openForm(page: Page) {
  await page.goto(listUrl(EVS));
  await page.getByRole('link', { name: 'Create snapshot' }).click();
  await expect(page).toHaveURL(new RegExp(`/accounts/${EVS}/snapshots/new$`));
  await expect(page.getByRole('heading', { name: 'Create snapshot' })).toBeVisible();
  // The picker is filled from the volume list.
  await expect(page.getByLabel('Volume', { exact: true }).locator('option').nth(2)).toBeAttached();
}

/** Picks the first volume whose option says it is (or is not) attached. */
async function pickVolume(page: Page, attached: boolean): Promise<string> {
  const picker = page.getByLabel('Volume', { exact: true });
  const options = picker.locator('option');
  const option = attached
    ? options.filter({ hasText: / attached$/ }).filter({ hasNotText: /not attached$/ }).first()
    : options.filter({ hasText: /not attached$/ }).first();
  await expect(option, `an option with attached=${attached}`).toBeAttached();
  const value = (await option.getAttribute('value')) ?? '';
  await picker.selectOption(value);
  return value;
}

test('live validation: byte counters, reserved names, required volume, duplicate keys', async ({ page }) => {
  await openForm(page);
  const name = page.getByLabel('Name', { exact: true });
  await name.fill('nightly');
  await expect(page.getByText('7 / 255 bytes')).toBeVisible();
  // 85 Chinese characters are 255 bytes; one more is over.
  await name.fill('快'.repeat(86));
  await expect(page.getByText('258 / 255 bytes')).toBeVisible();
  await expect(
    page.getByText('Name is 258 bytes long; the limit is 255 bytes (a Chinese character takes 3).'),
  ).toBeVisible();
  await expect(name).toHaveAttribute('aria-invalid', 'true');
  await name.fill('autobk_snapshot_manual');
  await expect(page.getByText(/reserved for automatic backups/)).toBeVisible();
  await name.fill('ok-name');

  const metadata = page.getByRole('group', { name: 'Metadata' });
  await metadata.getByLabel('Key 1').fill('owner');
  await metadata.getByLabel('Value 1').fill('ops');
  await metadata.getByRole('button', { name: 'Add metadata' }).click();
  await metadata.getByLabel('Key 2').fill('owner');
  await metadata.getByLabel('Value 2').fill('dba');
  await expect(page.getByText('Metadata key "owner" appears twice.')).toBeVisible();

  // Enter submits: nothing is sent, the missing volume is named.
  await name.press('Enter');
  await expect(page.getByText('Volume ID is required.')).toBeVisible();
  await expect(page.getByRole('alert').filter({ hasText: 'Fix the problems marked above first.' })).toBeVisible();
  await expect(page).toHaveURL(/\/snapshots\/new$/);
  await shot(page, 'create-validation');

  await metadata.getByRole('button', { name: 'Remove metadata row 2' }).click();
  await expect(page.getByText('Metadata key "owner" appears twice.')).toHaveCount(0);

  // Esc cancels back to the list.
  await name.press('Escape');
  await expect(page).toHaveURL(new RegExp(`/accounts/${EVS}/snapshots$`));
});

test('an attached volume needs Force: EVS refuses without it, the form shows its code', async ({ page }) => {
  await openForm(page);
  await pickVolume(page, true);
  // The form explains and suggests Force for an attached volume.
  await expect(page.getByText(/This volume is attached to a server/)).toBeVisible();
  const force = page.getByLabel('Force');
  await expect(force).not.toBeChecked();
  await expect(force).toHaveAccessibleDescription(/even though the volume is attached/);
  const name = unique('e2e-force');
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByRole('button', { name: 'Create snapshot' }).click();

  const alert = page.getByRole('alert').filter({ has: page.getByRole('heading') });
  await expect(alert).toBeVisible();
  await expect(alert.locator('dt', { hasText: 'Code' })).toBeVisible();
  await expect(alert.getByText('Request ID', { exact: true })).toBeVisible();
  expect((await alert.getAttribute('data-code'))?.length).toBeGreaterThan(0);
  await expect(alert.locator('.request-id')).not.toBeEmpty();
  // A refused submission is retried with the form's own button, not a "Try again".
  await expect(alert.getByRole('button', { name: 'Try again' })).toHaveCount(0);
  await expect(page).toHaveURL(/\/snapshots\/new$/);
  await shot(page, 'create-force-refused');

  await force.check();
  await expect(page.getByText(/This volume is attached to a server/)).toHaveCount(0);
  await page.getByRole('button', { name: 'Create snapshot' }).click();
  await expect(page).toHaveURL(new RegExp(`/accounts/${EVS}/snapshots/[0-9a-f-]{36}$`));
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
});

test('a new snapshot is followed live until available, on its page and in the list', async ({ page }) => {
  await openForm(page);
  const volumeId = await pickVolume(page, false);
  const name = unique('e2e-live');
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Description').fill('made by the e2e suite');
  const metadata = page.getByRole('group', { name: 'Metadata' });
  await metadata.getByLabel('Key 1').fill('purpose');
  await metadata.getByLabel('Value 1').fill('e2e');
  await shot(page, 'create');
  await page.getByRole('button', { name: 'Create snapshot' }).click();

  // 202 → the detail page, which follows the snapshot until it is available.
  await expect(page).toHaveURL(new RegExp(`/accounts/${EVS}/snapshots/[0-9a-f-]{36}$`));
  const status = page.locator('.subtitle [data-status]');
  await expect(status).toHaveAttribute('data-status', 'creating');
  await expect(page.getByText('Following this snapshot until it is ready')).toBeVisible();
  await expect(page.getByRole('progressbar', { name: 'Progress' }).first()).toBeVisible();
  await shot(page, 'detail-creating');
  await expect(status).toHaveAttribute('data-status', 'available', { timeout: 30_000 });
  await expect(page.getByText('Following this snapshot until it is ready')).toHaveCount(0);
  await expect(page.locator('.fact', { hasText: 'Volume' })).toContainText(volumeId);
  await expect(page.getByRole('cell', { name: 'purpose' })).toBeVisible();

  // In the list, a second new snapshot's row goes from creating to available without a reload.
  const second = unique('e2e-live-list');
  await page.goto(`/accounts/${EVS}/snapshots/new`);
  await pickVolume(page, false);
  await page.getByLabel('Name', { exact: true }).fill(second);
  await page.getByRole('button', { name: 'Create snapshot' }).click();
  await expect(page).toHaveURL(/[0-9a-f-]{36}$/);
  await page.goto(listUrl(EVS, `name=${encodeURIComponent(second)}`));
  const grid = await table(page);
  const row = grid.locator('tbody tr').filter({ hasText: second });
  await expect(row.locator('[data-status]')).toHaveAttribute('data-status', 'creating');
  await expect(row.getByRole('progressbar')).toBeVisible();
  await expect(page.getByText('Updating live')).toBeVisible();
  await shot(page, 'list-live');
  await expect(row.locator('[data-status]')).toHaveAttribute('data-status', 'available', {
    timeout: 30_000,
  });
  await expect(row.getByRole('progressbar')).toHaveCount(0);
  await expect(page.getByText('Updating live')).toHaveCount(0);
});

test('a volume that is not in the list can be typed', async ({ page }) => {
  await openForm(page);
  await page.getByLabel('Volume', { exact: true }).selectOption('__other__');
  const typed = page.getByLabel('Volume ID');
  await typed.fill('7cd380bf-5e91-40e2-8daf-2b8e4f6c9d08');
  const name = unique('e2e-typed');
  await page.getByLabel('Name', { exact: true }).fill(name);
  await typed.press('Enter');
  await expect(page).toHaveURL(/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
});

test('an unknown typed volume gets the EVS error next to the form', async ({ page }) => {
  await openForm(page);
  await page.getByLabel('Volume', { exact: true }).selectOption('__other__');
  await page.getByLabel('Volume ID').fill('00000000-0000-4000-8000-000000000000');
  await page.getByRole('button', { name: 'Create snapshot' }).click();
  const alert = page.getByRole('alert').filter({ has: page.getByRole('heading') });
  await expect(alert).toBeVisible();
  await expect(alert.locator('.request-id')).not.toBeEmpty();
  // A refused submission is retried with the form's own button, not a "Try again".
  await expect(alert.getByRole('button', { name: 'Try again' })).toHaveCount(0);
  await expect(page).toHaveURL(/\/snapshots\/new$/);
});
