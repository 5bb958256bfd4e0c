// Issue 9's console: delete from the detail page, bulk delete with a preview, roll back with a
// typed confirmation; every dialog is modal, keeps focus inside, closes on Esc and gives focus
// back. Screenshots of each dialog in both languages.
import { test, expect, type Page } from '@playwright/test';
import {
  EVS, createViaApi, inChinese, listUrl, shot, unique, volume, waitForStatus,
} from '../helpers';

/** Tab and Shift+Tab several times: focus never leaves the dialog. */
async function focusStaysIn(page: Page, dialog: ReturnType<Page['getByRole']>) {
  for (const key of ['Tab', 'Tab', 'Tab', 'Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab']) {
    await page.keyboard.press(key);
    expect(await dialog.evaluate((d) => d.contains(document.activeElement))).toBe(true);
  }
}

test('delete one from the detail page: confirmation, live deleting, back to the list', async ({ page, request }) => {
  const detached = await volume(request, EVS, false);
  const made = await createViaApi(request, EVS, { volume_id: detached.id, name: unique('e2e-del') });
  await waitForStatus(request, EVS, made.id, 'available');
  await page.goto(`/accounts/${EVS}/snapshots/${made.id}`);

  const open = page.getByRole('button', { name: 'Delete', exact: true });
  await open.click();
  const dialog = page.getByRole('dialog', { name: `Delete snapshot “${made.name}”?` });
  await expect(dialog).toBeVisible();
  await expect(dialog).toHaveAttribute('aria-modal', 'true');
  await expect(dialog).toContainText(made.name);
  await expect(dialog).toContainText(made.id);
  await expect(dialog).toContainText('This cannot be undone.');
  // The safe choice has focus first.
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await focusStaysIn(page, dialog);
  await shot(page, 'dialog-delete-en');
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(open).toBeFocused();

  await open.click();
  await dialog.getByRole('button', { name: 'Delete snapshot' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.locator('.page-head [data-status="deleting"]')).toBeVisible();
  await expect(page.getByText('Deleting: this page follows the snapshot until it is gone.')).toBeVisible();
  await shot(page, 'detail-deleting');
  await expect(page).toHaveURL(new RegExp(`/accounts/${EVS}/snapshots$`), { timeout: 30_000 });
  await expect(page.getByRole('status').filter({ hasText: `Snapshot “${made.name}” (${made.id}) was deleted.` })).toBeVisible();
  const gone = await request.get(`/api/v1/accounts/${EVS}/snapshots/${made.id}`);
  expect(gone.status()).toBe(404);
});

test('the delete dialog in Chinese; an auto-backup cannot be deleted', async ({ page, request }) => {
  await inChinese(page);
  const detached = await volume(request, EVS, false);
  const made = await createViaApi(request, EVS, { volume_id: detached.id, name: unique('e2e-zh') });
  await page.goto(`/accounts/${EVS}/snapshots/${made.id}`);
  // Still creating: Delete is disabled, with the reason.
  const open = page.getByRole('button', { name: '删除', exact: true });
  await expect(open).toBeDisabled();
  await expect(page.locator('#delete-reason')).toContainText('creating');
  await waitForStatus(request, EVS, made.id, 'available');
  await expect(open).toBeEnabled({ timeout: 30_000 });
  await open.click();
  const dialog = page.getByRole('dialog', { name: `删除快照“${made.name}”？` });
  await expect(dialog).toContainText('此操作无法撤销。');
  await expect(dialog.getByRole('button', { name: '取消' })).toBeVisible();
  await shot(page, 'dialog-delete-zh');
  await dialog.getByRole('button', { name: '取消' }).click();
  await expect(dialog).toHaveCount(0);
});

test('bulk delete: the preview shows one refusal, confirms with the count, rows go live', async ({ page, request }) => {
  const detached = await volume(request, EVS, false);
  const prefix = unique('e2e-bulk');
  const a = await createViaApi(request, EVS, { volume_id: detached.id, name: `${prefix}-a` });
  const b = await createViaApi(request, EVS, { volume_id: detached.id, name: `${prefix}-b` });
  await waitForStatus(request, EVS, a.id, 'available');
  await waitForStatus(request, EVS, b.id, 'available');
  // Still creating when previewed: refused.
  const c = await createViaApi(request, EVS, { volume_id: detached.id, name: `${prefix}-c` });

  await page.goto(listUrl(EVS, `volume_id=${encodeURIComponent(detached.id)}&limit=100`));
  const bulk = page.getByRole('button', { name: 'Delete selected' });
  await expect(bulk).toBeDisabled();
  await expect(page.getByRole('checkbox', { name: 'Select all on this page' })).toBeVisible();
  for (const name of [a.name, b.name, c.name]) {
    await page.getByRole('checkbox', { name: `Select ${name}` }).check();
  }
  await bulk.click();
  const dialog = page.getByRole('dialog', { name: 'Delete 3 selected snapshots?' });
  const willDelete = dialog.getByRole('region', { name: 'Will be deleted (2)' });
  const refused = dialog.getByRole('region', { name: 'Will be refused (1)' });
  await expect(willDelete).toContainText(a.name);
  await expect(willDelete).toContainText(b.name);
  await expect(refused).toContainText(c.name);
  await expect(refused).toContainText('creating');
  await focusStaysIn(page, dialog);
  await shot(page, 'dialog-bulk-preview-en');

  await dialog.getByRole('button', { name: 'Delete 2 snapshots' }).click();
  const results = page.getByRole('dialog', { name: 'Results of the deletion' });
  await expect(results.getByRole('region', { name: 'Deleting (2)' })).toBeVisible();
  await expect(results.getByRole('region', { name: 'Refused (1)' })).toContainText(c.name);
  await shot(page, 'dialog-bulk-results-en');
  await results.getByRole('button', { name: 'Close' }).click();
  await expect(results).toHaveCount(0);
  await expect(bulk).toBeFocused();

  const rowOf = (name: string) => page.getByRole('row').filter({ has: page.getByRole('link', { name, exact: true }) });
  await expect(rowOf(a.name).locator('[data-status="deleting"]')).toBeVisible();
  await expect(rowOf(b.name).locator('[data-status="deleting"]')).toBeVisible();
  await expect(rowOf(a.name)).toBeHidden({ timeout: 30_000 });
  await expect(rowOf(b.name)).toBeHidden({ timeout: 30_000 });
  await expect(rowOf(c.name)).toBeVisible();
  // No cloud call for the refused one: it is still there.
  await waitForStatus(request, EVS, c.id, 'available');
});

test('bulk delete dialogs in Chinese', async ({ page, request }) => {
  await inChinese(page);
  const detached = await volume(request, EVS, false);
  const prefix = unique('e2e-bulkzh');
  const a = await createViaApi(request, EVS, { volume_id: detached.id, name: `${prefix}-a` });
  await waitForStatus(request, EVS, a.id, 'available');
  const c = await createViaApi(request, EVS, { volume_id: detached.id, name: `${prefix}-c` });
  await page.goto(listUrl(EVS, `volume_id=${encodeURIComponent(detached.id)}&limit=100`));
  await page.getByRole('checkbox', { name: `选择 ${a.name}` }).check();
  await page.getByRole('checkbox', { name: `选择 ${c.name}` }).check();
  await page.getByRole('button', { name: '删除所选' }).click();
  const dialog = page.getByRole('dialog', { name: '删除所选的 2 个快照？' });
  await expect(dialog.getByRole('region', { name: '将被拒绝 (1)' })).toContainText(c.name);
  await shot(page, 'dialog-bulk-preview-zh');
  await dialog.getByRole('button', { name: '删除 1 个快照' }).click();
  const results = page.getByRole('dialog', { name: '删除结果' });
  await expect(results.getByRole('region', { name: '正在删除 (1)' })).toBeVisible();
  await shot(page, 'dialog-bulk-results-zh');
  await results.getByRole('button', { name: '关闭' }).click();
});

for (const lang of ['en', 'zh'] as const) {
  test(`roll back with the typed confirmation (${lang})`, async ({ page, request }) => {
    if (lang === 'zh') await inChinese(page);
    const t = lang === 'en'
      ? { rollBack: 'Roll back', confirm: 'Type the volume name to confirm', cancel: 'Cancel' }
      : { rollBack: '回滚', confirm: '输入云硬盘名称以确认', cancel: '取消' };
    const detached = await volume(request, EVS, false);
    const made = await createViaApi(request, EVS, { volume_id: detached.id, name: unique(`e2e-rb-${lang}`) });
    await waitForStatus(request, EVS, made.id, 'available');
    await page.goto(`/accounts/${EVS}/snapshots/${made.id}`);

    const open = page.getByRole('button', { name: t.rollBack, exact: true });
    await open.click();
    const dialog = page.getByRole('dialog');
    await expect(dialog).toHaveAccessibleName(lang === 'en'
      ? `Roll back volume “${detached.name || detached.id}”?`
      : `回滚云硬盘“${detached.name || detached.id}”？`);
    await expect(dialog).toContainText(detached.id);
    const field = dialog.getByLabel(t.confirm);
    await expect(field).toBeFocused();
    const confirm = dialog.getByRole('button', { name: t.rollBack, exact: true });
    await expect(confirm).toBeDisabled();
    await field.fill('not the volume');
    await expect(confirm).toBeDisabled();
    await field.fill(detached.name || detached.id);
    await expect(confirm).toBeEnabled();
    await shot(page, `dialog-rollback-${lang}`);
    if (lang === 'zh') {
      await page.keyboard.press('Escape');
      await expect(open).toBeFocused();
      return;
    }
    await focusStaysIn(page, dialog);
    await confirm.click();
    await expect(dialog).toHaveCount(0);
    await expect(page.locator('.page-head [data-status="rollbacking"]')).toBeVisible();
    await expect(page.getByText(/is being restored from the snapshot/)).toBeVisible({ timeout: 15_000 });
    await shot(page, 'detail-rolling-back');
    await expect(page.getByText('The volume is available again: the rollback has finished.')).toBeVisible({ timeout: 40_000 });
    await expect(page.locator('.page-head [data-status="available"]')).toBeVisible({ timeout: 30_000 });
  });
}

test('an attached EVS volume must be detached before a rollback', async ({ page, request }) => {
  const attached = await volume(request, EVS, true);
  const made = await createViaApi(request, EVS, { volume_id: attached.id, name: unique('e2e-rb-att') });
  await waitForStatus(request, EVS, made.id, 'available');
  await page.goto(`/accounts/${EVS}/snapshots/${made.id}`);
  await page.getByRole('button', { name: 'Roll back', exact: true }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByText(/Detach it first/)).toBeVisible();
  await dialog.getByLabel('Type the volume name to confirm').fill(attached.id);
  await expect(dialog.getByRole('button', { name: 'Roll back', exact: true })).toBeDisabled();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toHaveCount(0);
});
