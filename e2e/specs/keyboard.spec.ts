// Issue 10: everything works from the keyboard alone, in a sensible order, with a visible focus
// ring: create → detail → edit → back to the list; the table's row actions and the pager; the
// dialogs (focus trapped, the page behind inert, Esc closes, focus goes back). No mouse click
// in this file.
import { test, expect, type Locator, type Page } from '@playwright/test';
import * as path from 'node:path';
import { Made, existing, expectAccessible } from '../a11y';
import { EVS, SCREENSHOTS, listUrl, table, unique } from '../helpers';

const made = new Made();
test.afterEach(({ request }) => made.deleteAll(request));

/** What the screen shows now (not the whole page: the focus ring is the point). */
async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
}

/** Presses `key` (Tab, or Shift+Tab) until `target` has focus; fails after `max` presses. */
async function tabTo(page: Page, target: Locator, key = 'Tab', max = 120): Promise<void> {
  await expect(target).toBeAttached();
  for (let i = 0; i < max; i += 1) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press(key);
  }
  throw new Error(`${key} ×${max} never reached ${target}`);
}

/** The focused element shows a ring: a solid outline at least 2px wide. */
async function expectFocusRing(target: Locator): Promise<void> {
  await expect(target).toBeFocused();
  const ring = await target.evaluate((el) => {
    const style = getComputedStyle(el);
    return { style: style.outlineStyle, width: parseFloat(style.outlineWidth) };
  });
  expect(ring.style).toBe('solid');
  expect(ring.width).toBeGreaterThanOrEqual(2);
}

test('create → detail → edit → back to the list, with the keyboard alone', async ({ page }) => {
  await page.goto(listUrl(EVS));
  await table(page);

  // The first Tab shows the skip link; it takes focus to the content.
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to content' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await shot(page, 'keyboard-skip-link');
  await page.keyboard.press('Enter');
  await expect(page.locator('main')).toBeFocused();

  const create = page.getByRole('link', { name: 'Create snapshot' });
  await tabTo(page, create);
  await expectFocusRing(create);
  await shot(page, 'keyboard-focus-ring');
  await page.emulateMedia({ colorScheme: 'dark' });
  await expectFocusRing(create);
  await shot(page, 'keyboard-focus-ring-dark');
  await page.emulateMedia({ colorScheme: 'light' });
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/snapshots\/new$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Create snapshot' })).toBeFocused();

  // The volume picker with the arrow keys: down to a volume that is not attached.
  const picker = page.getByLabel('Volume', { exact: true });
  await expect(picker.locator('option').nth(1)).toBeAttached();
  await tabTo(page, picker);
  await expectFocusRing(picker);
  for (let i = 0; i < 20; i += 1) {
    const chosen = await picker.evaluate((s: HTMLSelectElement) => s.selectedOptions[0]?.text ?? '');
    if (/not attached$/.test(chosen)) break;
    await page.keyboard.press('ArrowDown');
  }
  await expect(picker.locator('option:checked')).toHaveText(/not attached$/);

  const name = unique('e2e-keys');
  await tabTo(page, page.getByLabel('Name', { exact: true }));
  await page.keyboard.type(name);
  // Enter in a field submits the form.
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/accounts/${EVS}/snapshots/[0-9a-f-]{36}$`));
  made.track(EVS, decodeURIComponent(page.url().split('/').pop() ?? ''));
  const heading = page.getByRole('heading', { level: 1, name });
  await expect(heading).toBeFocused();

  const edit = page.getByRole('link', { name: 'Edit' });
  await tabTo(page, edit);
  await expectFocusRing(edit);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Edit snapshot' })).toBeFocused();
  await tabTo(page, page.getByLabel('Description'));
  await page.keyboard.type('typed without a mouse');
  await shot(page, 'keyboard-edit');
  // Enter in the description submits too.
  await page.keyboard.press('Enter');
  await expect(heading).toBeFocused();
  await expect(page.locator('.fact', { hasText: 'Description' })).toContainText('typed without a mouse');

  // Back to the list: the breadcrumb is just before the heading.
  const back = page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Snapshots' });
  await tabTo(page, back, 'Shift+Tab');
  await expectFocusRing(back);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`${listUrl(EVS)}$`));
  await expect(page.getByRole('heading', { level: 1, name: 'Snapshots' })).toBeFocused();
  await expect((await table(page)).getByRole('link', { name, exact: true })).toBeVisible();
});

test("the table's row actions and the pager are reachable, in order", async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto(listUrl(EVS, 'limit=10'));
  const grid = await table(page);
  const firstRow = grid.locator('tbody tr').first();
  const rowLink = firstRow.locator('td.cell-name a');
  await tabTo(page, rowLink);
  await expectFocusRing(rowLink);
  // Then the row's own actions, left to right: copy its id, filter by its volume.
  await page.keyboard.press('Tab');
  const copy = firstRow.getByRole('button', { name: /^Copy ID / });
  await expectFocusRing(copy);
  await page.keyboard.press('Enter');
  await expect(page.getByText('Copied', { exact: true })).toBeAttached();
  await page.keyboard.press('Tab');
  await expect(firstRow.locator('.volume-link')).toBeFocused();
  // The next row follows.
  await page.keyboard.press('Tab');
  await expect(grid.locator('tbody tr').nth(1).locator(':focus')).toHaveCount(1);

  // The pager: Next by keyboard, then Previous.
  const next = page.getByRole('button', { name: 'Next' });
  await tabTo(page, next);
  await expectFocusRing(next);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/marker=/);
  await expect(page.getByText(/^Page 2 ·/)).toBeVisible();
  const previous = page.getByRole('button', { name: 'Previous' });
  await expect(previous).toBeEnabled();
  await tabTo(page, previous);
  await page.keyboard.press('Enter');
  await expect(page.getByText(/^Page 1 ·/)).toBeVisible();
});

test('dialogs trap focus, make the page behind inert, close on Esc and give focus back', async ({ page, request }) => {
  // Opened and cancelled, never confirmed.
  const shown = await existing(request, EVS, false);
  const detached = (await (await request.get(`/api/v1/accounts/${EVS}/volumes`)).json()).volumes
    .find((v: { id: string }) => v.id === shown.volume_id);
  await page.goto(`/accounts/${EVS}/snapshots/${shown.id}`);
  await expect(page.getByRole('heading', { level: 1, name: shown.name })).toBeVisible();

  const open = page.getByRole('button', { name: 'Delete', exact: true });
  await tabTo(page, open);
  await expectFocusRing(open);
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: `Delete snapshot “${shown.name}”?` });
  await expect(dialog).toBeVisible();
  expect(await dialog.evaluate((d) => d.matches(':modal'))).toBe(true);
  const cancel = dialog.getByRole('button', { name: 'Cancel' });
  await expectFocusRing(cancel);
  await shot(page, 'keyboard-dialog-focus');
  for (const key of ['Tab', 'Tab', 'Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab']) {
    await page.keyboard.press(key);
    expect(await dialog.evaluate((d) => d.contains(document.activeElement))).toBe(true);
  }
  // The page behind is inert: nothing there can take focus, even from a script.
  const behind = await page.evaluate(() => {
    const edit = [...document.querySelectorAll('main a')].find((a) => a.textContent === 'Edit') as HTMLElement;
    edit.focus();
    return document.activeElement === edit;
  });
  expect(behind).toBe(false);
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(open).toBeFocused();

  // Roll back: focus goes to the confirmation field once the volume is known.
  const rollBack = page.getByRole('button', { name: 'Roll back', exact: true });
  await tabTo(page, rollBack, 'Shift+Tab');
  await page.keyboard.press('Enter');
  const rollbackDialog = page.getByRole('dialog');
  const confirm = rollbackDialog.getByRole('textbox', { name: 'Type the volume name to confirm' });
  await expect(confirm).toBeFocused();
  await page.keyboard.type(detached.name || detached.id);
  const submit = rollbackDialog.getByRole('button', { name: 'Roll back', exact: true });
  await expect(submit).toBeEnabled();
  await tabTo(page, submit);
  await expectFocusRing(submit);
  await expectAccessible(page, 'dialog: roll back, confirmed by keyboard · en · light');
  await page.keyboard.press('Escape');
  await expect(rollbackDialog).toHaveCount(0);
  await expect(rollBack).toBeFocused();
});
