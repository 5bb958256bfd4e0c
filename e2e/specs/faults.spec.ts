// Issue 11's messages, driven by the emulators' fault injection (scripts/e2e): evs-flaky loses a
// create's reply after the work (outcome unknown: the console says the change may or may not
// have happened and links to the list filtered by the name, where it is), evs-down answers
// every call 503 until the console's breaker opens (cloud unavailable). Both languages.
import { test, expect } from '@playwright/test';
import { DOWN, FLAKY, inChinese, listUrl, shot, unique } from '../helpers';

const words = {
  en: {
    create: 'Create snapshot',
    unknown: 'Outcome unknown: the change may or may not have happened',
    check: 'Check the list for this name',
    unavailable: 'The cloud is unavailable for now',
    tryAgain: 'Try again',
    name: 'Name',
    volume: 'Volume',
    notAttached: /not attached$/,
  },
  zh: {
    create: '创建快照',
    unknown: '结果未知：更改可能已生效，也可能未生效',
    check: '在列表中查看此名称',
    unavailable: '云服务暂时不可用',
    tryAgain: '重试',
    name: '名称',
    volume: '云硬盘',
    notAttached: /未挂载$/,
  },
};

for (const lang of ['en', 'zh'] as const) {
  const t = words[lang];

  test(`a create whose reply is lost says "outcome unknown" and where to check (${lang})`, async ({ page }) => {
    if (lang === 'zh') await inChinese(page);
    await page.goto(`/accounts/${FLAKY}/snapshots/new`);
    const picker = page.getByLabel(t.volume, { exact: true });
    const option = picker.locator('option').filter({ hasText: t.notAttached }).first();
    await expect(option).toBeAttached();
    await picker.selectOption((await option.getAttribute('value')) ?? '');
    const name = unique(`e2e-unknown-${lang}`);
    await page.getByLabel(t.name, { exact: true }).fill(name);
    await page.getByRole('button', { name: t.create }).click();

    const alert = page.getByRole('alert').filter({ has: page.getByRole('heading', { name: t.unknown }) });
    await expect(alert).toBeVisible({ timeout: 30_000 });
    await expect(alert.locator('code', { hasText: 'outcome_unknown' })).toBeVisible();
    // Still on the form: never "failed", never a blind retry.
    await expect(page).toHaveURL(/\/new$/);
    await shot(page, `error-outcome-unknown-${lang}`);

    await alert.getByRole('link', { name: t.check }).click();
    await expect(page).toHaveURL(new RegExp(`${listUrl(FLAKY)}\\?name=${encodeURIComponent(name)}$`));
    // The emulator did the work: the snapshot is there.
    await expect(page.getByRole('link', { name, exact: true })).toBeVisible();
  });

  test(`a cloud that keeps failing shows "cloud unavailable" (${lang})`, async ({ page }) => {
    if (lang === 'zh') await inChinese(page);
    await page.goto(listUrl(DOWN));
    const heading = page.getByRole('heading', { name: t.unavailable });
    // The first failures are the cloud's own 503s; after five in a row the breaker opens.
    for (let attempt = 0; attempt < 6; attempt += 1) {
      const tryAgain = page.getByRole('button', { name: t.tryAgain }).first();
      await expect(tryAgain.or(heading).first()).toBeVisible({ timeout: 30_000 });
      if (await heading.isVisible()) break;
      await tryAgain.click();
    }
    await expect(heading).toBeVisible();
    const alert = page.getByRole('alert').filter({ has: heading });
    await expect(alert.locator('code', { hasText: 'cloud_unavailable' })).toBeVisible();
    await expect(alert).toContainText(lang === 'en' ? /Try again in a minute/ : /请稍后/);
    await shot(page, `error-cloud-unavailable-${lang}`);
  });
}

test('rate limited, request timeout and payload too large have their own words', async ({ page }) => {
  // The console's own answers, as the browser would get them.
  const cases: Array<[string, number, string, string]> = [
    ['rate_limited', 429, 'Too many requests', '请求过于频繁'],
    ['request_timeout', 504, 'The console did not finish in time', '控制台处理超时'],
    ['payload_too_large', 413, 'The request is too large', '请求内容过大'],
  ];
  for (const [code, status, en, zh] of cases) {
    await page.unrouteAll();
    await page.route((url) => url.pathname === `/api/v1/accounts/${DOWN}/snapshots`, (route) => route.fulfill({
      status,
      contentType: 'application/json',
      body: JSON.stringify({ error: { code, message: 'm', request_id: `req-${code}` } }),
    }));
    await page.goto(listUrl(DOWN));
    await expect(page.getByRole('heading', { name: en })).toBeVisible();
    await page.evaluate(() => window.localStorage.setItem('snapdeck.lang', 'zh-CN'));
    await page.reload();
    await expect(page.getByRole('heading', { name: zh })).toBeVisible();
    await page.evaluate(() => window.localStorage.setItem('snapdeck.lang', 'en'));
  }
});
