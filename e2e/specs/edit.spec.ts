// Updating name and description: what will change, Save only when something did, back to detail.
import { test, expect } from '@playwright/test';
import { EVS, createViaApi, shot, unique, volume } from '../helpers';

test('edit shows the change, saves it and returns to the detail page', async ({ page, request }) => {
  const target = await volume(request, EVS, false);
  const created = await createViaApi(request, EVS, { volume_id: target.id, name: unique('e2e-edit') });
  await page.goto(`/accounts/${EVS}/snapshots/${created.id}`);
  await page.getByRole('link', { name: 'Edit' }).click();
  await expect(page).toHaveURL(new RegExp(`${created.id}/edit$`));
  await expect(page.getByRole('heading', { name: 'Edit snapshot' })).toBeVisible();

  const save = page.getByRole('button', { name: 'Save' });
  const name = page.getByLabel('Name', { exact: true });
  await expect(name).toHaveValue(created.name);
  await expect(save).toBeDisabled();
  await expect(page.getByText('Nothing has changed yet.')).toBeVisible();

  const renamed = `${created.name}-重命名`;
  await name.fill(renamed);
  await page.getByLabel('Description').fill('weekly copy');
  await expect(save).toBeEnabled();
  const diff = page.locator('section.diff');
  await expect(diff.getByRole('row', { name: /Name/ })).toContainText(created.name);
  await expect(diff.getByRole('row', { name: /Name/ })).toContainText(renamed);
  await expect(diff.getByRole('row', { name: /Description/ })).toContainText('weekly copy');
  await shot(page, 'edit');

  // Too long: Save turns off and the problem is named.
  await name.fill('x'.repeat(256));
  await expect(save).toBeDisabled();
  await expect(page.getByText('Name is 256 bytes long; the limit is 255 bytes')).toBeVisible();
  // Back to the original: nothing to save.
  await name.fill(created.name);
  await page.getByLabel('Description').fill('');
  await expect(save).toBeDisabled();

  await name.fill(renamed);
  await save.click();
  await expect(page).toHaveURL(new RegExp(`/snapshots/${created.id}$`));
  await expect(page.getByRole('heading', { level: 1, name: renamed })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: renamed })).toBeVisible();
});

test('Esc cancels an edit and Enter saves it', async ({ page, request }) => {
  const target = await volume(request, EVS, false);
  const created = await createViaApi(request, EVS, { volume_id: target.id, name: unique('e2e-keys') });
  await page.goto(`/accounts/${EVS}/snapshots/${created.id}/edit`);
  const name = page.getByLabel('Name', { exact: true });
  await name.fill('will not be saved');
  await name.press('Escape');
  await expect(page).toHaveURL(new RegExp(`/snapshots/${created.id}$`));
  await expect(page.getByRole('heading', { level: 1, name: created.name })).toBeVisible();

  await page.goto(`/accounts/${EVS}/snapshots/${created.id}/edit`);
  const description = page.getByLabel('Description');
  await description.fill('saved with Enter');
  await description.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/snapshots/${created.id}$`));
  await expect(page.locator('.fact', { hasText: 'Description' })).toContainText('saved with Enter');
});

test('editing a missing snapshot shows not-found', async ({ page }) => {
  await page.goto(`/accounts/${EVS}/snapshots/00000000-0000-4000-8000-000000000000/edit`);
  await expect(page.getByRole('heading', { name: 'Snapshot not found' })).toBeVisible();
});
