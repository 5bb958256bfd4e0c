// Issue 10 on the team portal's pages: no axe-core violation on the sign-in page (empty and
// refusing a password), the top bar's user menu, Activity, Tokens (with a new secret, and a
// revoke asking first) and a snapshot's history, in English and Chinese, light and dark.
import { test, expect, type Page } from '@playwright/test';
import { checkEverywhere, type Lang } from '../a11y';
import { EVS, listUrl, table, unique } from '../helpers';

function operator() {
  const user = process.env.SNAPDECK_OPERATOR;
  const password = process.env.SNAPDECK_OPERATOR_PASSWORD;
  if (!user || !password) throw new Error('SNAPDECK_OPERATOR is not set: run through scripts/e2e');
  return { user, password };
}

const WORDS = {
  en: { username: 'Username', password: 'Password', signIn: 'Sign in', signOut: 'Sign out', createToken: 'Create token', revoke: 'Revoke', name: 'Name' },
  zh: { username: '用户名', password: '密码', signIn: '登录', signOut: '退出登录', createToken: '创建令牌', revoke: '吊销', name: '名称' },
};

/** Signs in as the operator from the sign-in page the console shows at any address. */
async function signIn(page: Page, lang: Lang) {
  const t = WORDS[lang];
  const { user, password } = operator();
  await page.getByLabel(t.username).fill(user);
  await page.getByLabel(t.password).fill(password);
  await page.getByRole('button', { name: t.signIn, exact: true }).click();
  await expect(page.getByRole('button', { name: t.signOut })).toBeVisible();
}

test('axe: the sign-in page, empty and after a wrong password', async ({ page }) => {
  await checkEverywhere(page, 'portal sign-in', async () => {
    await page.goto(listUrl(EVS));
    await expect(page.locator('#signin-username')).toBeVisible();
  }, 'portal-signin');
  await checkEverywhere(page, 'portal sign-in refused', async (lang) => {
    await page.goto(listUrl(EVS));
    await page.getByLabel(WORDS[lang].username).fill(operator().user);
    await page.getByLabel(WORDS[lang].password).fill('not-the-password-at-all');
    await page.getByRole('button', { name: WORDS[lang].signIn, exact: true }).click();
    await expect(page.locator('.alert[data-code="bad_credentials"]')).toBeVisible();
  });
});

test('axe: signed in — the list with the user menu, a snapshot with its history', async ({ page }) => {
  await page.goto(listUrl(EVS));
  await signIn(page, 'en');
  await checkEverywhere(page, 'portal list', async () => {
    await page.goto(listUrl(EVS));
    await table(page);
    await expect(page.locator('.portal-nav')).toBeVisible();
  }, 'portal-list');
  const grid = await table(page);
  const href = (await grid.locator('tbody tr td.cell-name a').first().getAttribute('href')) ?? '';
  await checkEverywhere(page, 'portal snapshot with history', async () => {
    await page.goto(href);
    await expect(page.locator('.history')).toBeVisible();
    await expect(page.locator('.history .loading')).toHaveCount(0);
  }, 'portal-history');
});

test('axe: Activity, with and without filters', async ({ page }) => {
  await page.goto('/activity');
  await signIn(page, 'en');
  await checkEverywhere(page, 'portal activity', async () => {
    await page.goto('/activity');
    await expect(page.locator('table.table tbody tr').first()).toBeVisible();
  }, 'portal-activity');
  await checkEverywhere(page, 'portal activity filtered', async () => {
    await page.goto('/activity?outcome=ok&from=2020-01-01');
    await expect(page.locator('#activity-outcome')).toHaveValue('ok');
    await expect(page.locator('table.table, .empty').first()).toBeVisible();
  });
});

test('axe: Tokens — the list, a new secret, a revoke asking first', async ({ page }) => {
  await page.goto('/tokens');
  await signIn(page, 'en');
  await checkEverywhere(page, 'portal tokens', async () => {
    await page.goto('/tokens');
    await expect(page.locator('#token-name')).toBeVisible();
    await expect(page.locator('.loading')).toHaveCount(0);
  }, 'portal-tokens');
  await checkEverywhere(page, 'portal tokens, new secret', async (lang) => {
    await page.goto('/tokens');
    await page.getByLabel(WORDS[lang].name, { exact: true }).fill(unique(`axe-${lang}`));
    await page.getByRole('button', { name: WORDS[lang].createToken }).click();
    await expect(page.locator('#token-secret')).toHaveValue(/^sdt_/);
    await expect(page.locator('table.table')).toBeVisible();
  }, 'portal-token-secret');
  await checkEverywhere(page, 'portal tokens, revoke asks first', async (lang) => {
    await page.goto('/tokens');
    const row = page.locator('table.table tbody tr').filter({ has: page.locator('button') }).first();
    await row.getByRole('button', { name: new RegExp(`^${WORDS[lang].revoke} `) }).click();
    await expect(row.locator('.confirm')).toBeVisible();
  });
});
