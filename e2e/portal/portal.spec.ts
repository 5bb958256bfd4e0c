// The team portal (issue 12): the sign-in page first, only the actions a role allows, an
// operator's create in the Activity log and the snapshot's own history, personal API tokens,
// sign-out; in English and Chinese. scripts/e2e starts this console with [auth] on a throw-away
// SQLite database and creates the two users it passes in the environment.
import { test, expect, type Page } from '@playwright/test';
import { EVS, listUrl, shot, table, unique } from '../helpers';

type Who = { user: string; password: string };

function user(name: string): Who {
  const user = process.env[`SNAPDECK_${name}`];
  const password = process.env[`SNAPDECK_${name}_PASSWORD`];
  if (!user || !password) throw new Error(`SNAPDECK_${name} is not set: run through scripts/e2e`);
  return { user, password };
}

const VIEWER = user('VIEWER');
const OPERATOR = user('OPERATOR');

const EN = { username: 'Username', password: 'Password', signIn: 'Sign in', signOut: 'Sign out' };
const ZH = { username: '用户名', password: '密码', signIn: '登录', signOut: '退出登录' };

async function signIn(page: Page, who: Who, words = EN) {
  await page.getByLabel(words.username).fill(who.user);
  await page.getByLabel(words.password).fill(who.password);
  await page.getByRole('button', { name: words.signIn, exact: true }).click();
  await expect(page.getByRole('button', { name: words.signOut })).toBeVisible();
  await expect(page.locator('.session-name')).toHaveText(who.user);
}

test('the sign-in page comes first, refuses a wrong password, then goes back to the page asked for', async ({ page }) => {
  await page.goto(listUrl(EVS, 'limit=10'));
  await expect(page.getByRole('heading', { name: 'Sign in to Snapdeck' })).toBeVisible();
  await expect(page.getByLabel('Username')).toBeVisible();
  await expect(page.getByLabel('Password')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
  // No single sign-on is configured for this console.
  await expect(page.getByRole('link', { name: 'Sign in with SSO' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Sign out' })).toHaveCount(0);
  await shot(page, 'portal-signin');

  await page.getByLabel('Username').fill(VIEWER.user);
  await page.getByLabel('Password').fill('not-the-password-at-all');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('alert')).toHaveText('Wrong user name or password.');

  await signIn(page, VIEWER);
  await expect(page).toHaveURL(new RegExp(`${listUrl(EVS)}\\?limit=10$`));
  await table(page);
  await expect(page.getByRole('link', { name: 'Activity', exact: true })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Tokens' })).toBeVisible();
});

test('a viewer sees no Create or Edit, and the console asks again after signing out', async ({ page }) => {
  await page.goto(listUrl(EVS));
  await signIn(page, VIEWER);
  await table(page);
  await expect(page.getByRole('link', { name: 'Create snapshot' })).toHaveCount(0);
  await shot(page, 'portal-viewer-list');
  const grid = await table(page);
  await grid.locator('tbody tr td:first-child a').first().click();
  await expect(page).toHaveURL(/\/snapshots\/[^/]+$/);
  await expect(page.getByRole('button', { name: 'Copy JSON' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Edit' })).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'History' })).toBeVisible();

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in to Snapdeck' })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Sign in to Snapdeck' })).toBeVisible();
  // The API agrees: the session is over.
  expect((await page.request.get('/api/v1/session')).status()).toBe(401);
});

test('an operator creates a snapshot and finds it in the Activity log and its history', async ({ page }) => {
  await page.goto(listUrl(EVS));
  await signIn(page, OPERATOR);
  await page.getByRole('link', { name: 'Create snapshot' }).click();
  await expect(page.getByRole('heading', { name: 'Create snapshot' })).toBeVisible();
  const picker = page.getByLabel('Volume', { exact: true });
  await expect(picker.locator('option').nth(2)).toBeAttached();
  const option = picker.locator('option').filter({ hasText: /not attached$/ }).first();
  await picker.selectOption((await option.getAttribute('value')) ?? '');
  const name = unique('e2e-portal');
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByRole('button', { name: 'Create snapshot' }).click();
  await expect(page).toHaveURL(new RegExp(`/accounts/${EVS}/snapshots/[0-9a-f-]{36}$`));
  const id = decodeURIComponent(page.url().split('/').pop() ?? '');
  await expect(page.getByRole('link', { name: 'Edit' })).toBeVisible();

  // The snapshot's own history.
  const history = page.getByRole('table', { name: 'History of this snapshot' });
  await expect(history.getByRole('row').filter({ hasText: 'create_snapshot' })).toBeVisible();
  await expect(history.getByRole('row').filter({ hasText: OPERATOR.user })).toBeVisible();

  await page.getByRole('link', { name: 'Activity', exact: true }).click();
  await expect(page).toHaveURL(/\/activity$/);
  await expect(page.getByRole('heading', { name: 'Activity', level: 1 })).toBeVisible();
  const filters = page.getByRole('search');
  for (const label of ['User', 'Account', 'Operation', 'Outcome', 'From', 'To']) {
    await expect(filters.getByLabel(label, { exact: true })).toBeVisible();
  }
  const log = page.getByRole('table', { name: 'Activity records' });
  const row = log.getByRole('row').filter({ hasText: id });
  await expect(row).toContainText('create_snapshot');
  await expect(row).toContainText(OPERATOR.user);
  await expect(row.locator('[data-outcome="ok"]')).toBeVisible();

  // Filters go to the URL, so a copied link reproduces the view; the export follows them.
  await filters.getByLabel('Operation', { exact: true }).fill('create_snapshot');
  await filters.getByLabel('Outcome', { exact: true }).selectOption('ok');
  await filters.getByLabel('From', { exact: true }).fill('2020-01-01');
  await filters.getByRole('button', { name: 'Search' }).click();
  await expect(page).toHaveURL(/\/activity\?operation=create_snapshot&outcome=ok&from=2020-01-01$/);
  await expect(log.getByRole('row').filter({ hasText: id })).toBeVisible();
  await shot(page, 'portal-activity');
  const csv = page.getByRole('link', { name: 'Export CSV' });
  const href = (await csv.getAttribute('href')) ?? '';
  expect(href).toBe('/api/v1/audit.csv?operation=create_snapshot&outcome=ok&from=2020-01-01');
  const export_ = await page.request.get(href);
  expect(export_.status()).toBe(200);
  expect(await export_.text()).toContain(id);

  await page.reload();
  await expect(filters.getByLabel('Operation', { exact: true })).toHaveValue('create_snapshot');
  await expect(log.getByRole('row').filter({ hasText: id })).toBeVisible();

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in to Snapdeck' })).toBeVisible();
});

test('tokens: the secret is shown once, with a role up to the user’s own, and can be revoked', async ({ page, playwright, baseURL }) => {
  await page.goto('/tokens');
  await signIn(page, OPERATOR);
  await expect(page.getByRole('heading', { name: 'Tokens', level: 1 })).toBeVisible();
  const role = page.getByLabel('Role');
  await expect(role.locator('option')).toHaveText(['Viewer', 'Operator']);
  const name = unique('ci');
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Expires in (days)').fill('30');
  await role.selectOption('viewer');
  await page.getByRole('button', { name: 'Create token' }).click();

  await expect(page.getByRole('heading', { name: 'Copy your new token now' })).toBeVisible();
  await expect(page.getByText(/This is the only time the token is shown/)).toBeVisible();
  const secret = page.getByLabel('New token', { exact: true });
  await expect(secret).toHaveValue(/^sdt_/);
  await expect(page.getByRole('button', { name: 'Copy token' })).toBeVisible();
  const value = await secret.inputValue();
  // The token works for scripts (a fresh client: no cookie, only the bearer token).
  const script = await playwright.request.newContext({ baseURL });
  const scripted = await script.get('/api/v1/session', {
    headers: { authorization: `Bearer ${value}` },
  });
  expect(scripted.status()).toBe(200);
  expect((await scripted.json()).role).toBe('viewer');
  await script.dispose();
  const grid = page.getByRole('table', { name: 'Your API tokens' });
  const row = grid.getByRole('row').filter({ hasText: name });
  await expect(row).toContainText('Viewer');
  await shot(page, 'portal-tokens');

  await page.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByLabel('New token', { exact: true })).toHaveCount(0);
  await expect(page.getByText(value)).toHaveCount(0);

  await row.getByRole('button', { name: `Revoke ${name}` }).click();
  await expect(row.getByText('Revoke this token? Scripts that use it stop working at once.')).toBeVisible();
  await row.getByRole('button', { name: 'Revoke token' }).click();
  await expect(row.getByText('revoked')).toBeVisible();
  await expect(row.getByRole('button', { name: `Revoke ${name}` })).toHaveCount(0);
});

test('in Chinese: sign-in, the top bar, Activity and Tokens', async ({ page }) => {
  await page.goto('/activity');
  await page.getByRole('button', { name: '中文' }).click();
  await expect(page.getByRole('heading', { name: '登录 Snapdeck' })).toBeVisible();
  await expect(page.getByLabel('用户名')).toBeVisible();
  await expect(page.getByLabel('密码')).toBeVisible();
  await shot(page, 'portal-zh-signin');
  await signIn(page, OPERATOR, ZH);

  // Back on the page asked for, in Chinese.
  await expect(page.getByRole('heading', { name: '操作记录', level: 1 })).toBeVisible();
  await expect(page.getByRole('link', { name: '操作记录', exact: true })).toBeVisible();
  await expect(page.getByRole('link', { name: 'API 令牌' })).toBeVisible();
  const filters = page.getByRole('search');
  for (const label of ['用户', '账号', '操作', '结果', '起始日期', '截止日期']) {
    await expect(filters.getByLabel(label, { exact: true })).toBeVisible();
  }
  await expect(page.getByRole('link', { name: '导出 CSV' })).toBeVisible();
  await expect(page.getByRole('table', { name: '操作记录列表' }).getByText('成功').first()).toBeVisible();
  await shot(page, 'portal-zh-activity');

  await page.getByRole('link', { name: 'API 令牌' }).click();
  await expect(page.getByRole('heading', { name: 'API 令牌', level: 1 })).toBeVisible();
  await page.getByLabel('名称', { exact: true }).fill(unique('zh'));
  await page.getByRole('button', { name: '创建令牌' }).click();
  await expect(page.getByRole('heading', { name: '请立即复制新令牌' })).toBeVisible();
  await expect(page.getByRole('button', { name: '复制令牌' })).toBeVisible();
  await shot(page, 'portal-zh-tokens');

  await page.goto(listUrl(EVS));
  await expect(page.getByRole('link', { name: '创建快照' })).toBeVisible();
  await page.getByRole('button', { name: '退出登录' }).click();
  await expect(page.getByRole('heading', { name: '登录 Snapdeck' })).toBeVisible();
});

test('in Chinese: a viewer sees no 创建快照', async ({ page }) => {
  await page.goto(listUrl(EVS));
  await page.getByRole('button', { name: '中文' }).click();
  await signIn(page, VIEWER, ZH);
  await table(page);
  await expect(page.getByRole('link', { name: '创建快照' })).toHaveCount(0);
  await expect(page.locator('.session-user .tag')).toHaveText('查看者');
});
