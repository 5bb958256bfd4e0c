// English by default; Simplified Chinese on request, remembered by the browser.
import { test, expect } from '@playwright/test';
import { EVS, listUrl, shot, table } from '../helpers';

test('switches to Chinese, remembers it, and back', async ({ page }) => {
  await page.goto(listUrl(EVS));
  await table(page);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.getByRole('button', { name: '中文' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.getByRole('heading', { name: '快照', exact: true })).toBeVisible();
  await expect(page.getByRole('link', { name: '创建快照' })).toBeVisible();
  await expect(page.getByRole('button', { name: '下一页' })).toBeVisible();
  await expect(page.getByRole('button', { name: '上一页' })).toBeVisible();
  await expect(page.getByLabel('每页条数')).toBeVisible();
  const grid = await table(page);
  expect(await grid.getByRole('columnheader').allInnerTexts()).toEqual([
    '名称', 'ID', '状态', '容量', '云硬盘', '创建时间', '更新时间',
  ]);
  await expect(grid.getByText('可用').first()).toBeVisible();
  await expect(grid.getByText(/前$|刚刚/).first()).toBeVisible();
  await shot(page, 'zh-list');

  // Remembered across reloads.
  await page.reload();
  await expect(page.getByRole('heading', { name: '快照', exact: true })).toBeVisible();

  // The create form and its validation speak Chinese too.
  await page.getByRole('link', { name: '创建快照' }).click();
  await expect(page.getByLabel('云硬盘', { exact: true })).toBeVisible();
  await page.getByLabel('名称', { exact: true }).fill('快'.repeat(86));
  await expect(page.getByText('258 / 255 字节')).toBeVisible();
  await expect(page.getByText('名称长度为 258 字节，上限为 255 字节（一个汉字占 3 字节）。')).toBeVisible();
  await expect(page.getByLabel('强制创建')).toBeVisible();
  await shot(page, 'zh-create');

  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { name: 'Create snapshot' })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Create snapshot' })).toBeVisible();
});
