// Pages other than the list load their code on first visit (frontend/src/pages/lazy.rs, split
// by scripts/lib/split_wasm.py): the list's first load fetches no page chunk, a page's chunk
// arrives when it is opened, and a chunk that cannot be fetched leaves a page that says so and
// a reload that recovers — never a dead console. The snapshot opened is one of the demo's own,
// which no other spec deletes.
import { test, expect, Page } from '@playwright/test';
import { checkEverywhere } from '../a11y';
import { EVS, listUrl, shot, table } from '../helpers';

const CHUNK = /\/(split_|chunk_)[\w-]+\.wasm$/;
const STABLE = '数据库每日备份';

function wasmFetched(page: Page): string[] {
  const fetched: string[] = [];
  page.on('requestfinished', (request) => {
    const path = new URL(request.url()).pathname;
    if (path.endsWith('.wasm')) fetched.push(path);
  });
  return fetched;
}

test('the list loads no page chunk; the detail page loads its own on first visit', async ({ page }) => {
  const fetched = wasmFetched(page);
  await page.goto(listUrl(EVS, 'limit=100'));
  await table(page);
  expect(fetched.filter((path) => CHUNK.test(path))).toEqual([]);
  expect(fetched.filter((path) => /\/frontend-[0-9a-f]+_bg\.wasm$/.test(path))).toHaveLength(1);

  await (await table(page)).getByRole('link', { name: STABLE }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: STABLE })).toBeVisible();
  expect(fetched.some((path) => /\/split_snapdeck_detail-[0-9a-f]{16}\.wasm$/.test(path))).toBe(true);
  expect(fetched.some((path) => /split_snapdeck_(create|edit|tokens|activity)/.test(path))).toBe(false);

  // Back on the list and into the create form: its chunk now, the detail's not again.
  const before = fetched.length;
  await page.goBack();
  await table(page);
  await page.getByRole('link', { name: 'Create snapshot' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Create snapshot' })).toBeVisible();
  const later = fetched.slice(before);
  expect(later.some((path) => /\/split_snapdeck_create-[0-9a-f]{16}\.wasm$/.test(path))).toBe(true);
  expect(later.some((path) => /split_snapdeck_detail/.test(path))).toBe(false);
});

test('a page whose code cannot be fetched says so, and Reload brings it', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  let offline = true;
  await page.route(CHUNK, (route) => (offline ? route.abort('internetdisconnected') : route.continue()));
  await page.goto(listUrl(EVS, 'limit=100'));
  await (await table(page)).getByRole('link', { name: STABLE }).first().click();

  const alert = page.getByRole('alert').filter({ hasText: 'This page could not be loaded' });
  await expect(alert).toBeVisible();
  await expect(alert).toContainText('Reload to try again');
  await expect(page).toHaveTitle(/This page could not be loaded/);
  await shot(page, 'page-unavailable');
  // The rest of the console still works: back to the list, and forward to the same message.
  await page.goBack();
  await table(page);
  await page.goForward();
  await expect(alert).toBeVisible();

  offline = false;
  await alert.getByRole('button', { name: 'Reload' }).click();
  await expect(page.getByRole('heading', { level: 1, name: STABLE })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Copy JSON' })).toBeVisible();
  expect(errors).toEqual([]);
});

test('the unavailable page in both languages and themes: Chinese words, no axe violation', async ({ page }) => {
  await page.route(CHUNK, (route) => route.abort('internetdisconnected'));
  await checkEverywhere(page, 'a page whose code could not be fetched', async (lang) => {
    await page.goto(listUrl(EVS).replace(/snapshots$/, 'snapshots/new'));
    const title = lang === 'zh' ? '无法加载此页面' : 'This page could not be loaded';
    await expect(page.getByRole('alert').filter({ hasText: title })).toBeVisible();
    await expect(page.getByRole('button', { name: lang === 'zh' ? '重新加载' : 'Reload' })).toBeVisible();
  }, 'page-unavailable');
});
