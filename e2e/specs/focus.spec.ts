// Keyboard and screen-reader users land on the new page's main heading after a navigation;
// a search or a page turn leaves focus where it was, and Enter/Esc keep working.
import { test, expect } from '@playwright/test';
import { EVS, createViaApi, listUrl, table, unique, volume } from '../helpers';

test('the heading of the page navigated to takes focus', async ({ page, request }) => {
  const target = await volume(request, EVS, false);
  const created = await createViaApi(request, EVS, { volume_id: target.id, name: unique('e2e-focus') });

  // A loaded page keeps the browser's own focus.
  await page.goto(listUrl(EVS));
  const grid = await table(page);
  const listHeading = page.getByRole('heading', { level: 1, name: 'Snapshots' });
  await expect(listHeading).toHaveAttribute('tabindex', '-1');
  await expect(listHeading).not.toBeFocused();

  // Enter on a row's link: the detail page's heading has focus.
  await grid.getByRole('link', { name: created.name }).focus();
  await page.keyboard.press('Enter');
  const detailHeading = page.getByRole('heading', { level: 1, name: created.name });
  await expect(detailHeading).toBeFocused();
  // Tab goes on from the top of the new page, not from the document's start.
  await page.keyboard.press('Tab');
  await expect(page.locator('main').locator(':focus')).toHaveCount(1);

  // Edit by keyboard; Esc goes back, to the detail page's heading.
  await page.getByRole('link', { name: 'Edit' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Edit snapshot' })).toBeFocused();
  await page.getByLabel('Name', { exact: true }).press('Escape');
  await expect(page).toHaveURL(new RegExp(`/snapshots/${created.id}$`));
  await expect(detailHeading).toBeFocused();

  // The back button is a navigation too.
  await page.goBack();
  await expect(page).toHaveURL(new RegExp(`/snapshots/${created.id}/edit$`));
  await expect(page.getByRole('heading', { level: 1, name: 'Edit snapshot' })).toBeFocused();
  await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Snapshots' }).click();
  await expect(page).toHaveURL(new RegExp(`/accounts/${EVS}/snapshots$`));
  await expect(listHeading).toBeFocused();

  // A search stays on the page: focus stays in the filter box.
  const nameBox = page.getByRole('searchbox', { name: 'Name' });
  await nameBox.fill(created.name);
  await nameBox.press('Enter');
  await expect(page).toHaveURL(/name=/);
  await expect(grid.getByRole('link', { name: created.name })).toBeVisible();
  await expect(nameBox).toBeFocused();
});
