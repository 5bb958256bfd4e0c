// Accessibility checks (issue 10): axe-core from the npm registry, evaluated in the page (no CDN,
// and no inline <script>, which the console's Content Security Policy would refuse), run with the
// WCAG 2.1 A/AA and best-practice rules. A violation fails the spec with each rule, its help and
// the elements it found, in words. Every check is counted in e2e/screenshots/axe-checks.txt,
// which scripts/e2e sums up at the end.
import { expect, type APIRequestContext, type Page } from '@playwright/test';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EVS, SCREENSHOTS, createViaApi, shot, unique, volume } from './helpers';

const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];
const CHECKS = path.join(SCREENSHOTS, 'axe-checks.txt');

export type Lang = 'en' | 'zh';
export type Theme = 'light' | 'dark';
export const LANGS: Lang[] = ['en', 'zh'];
export const THEMES: Theme[] = ['light', 'dark'];

type Violation = {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: { target: string; summary: string }[];
};

/** The violations in words: one paragraph per rule, one line per element. */
export function describe(label: string, violations: Violation[]): string {
  const lines = [`axe found ${violations.length} violation(s) on “${label}”:`];
  for (const v of violations) {
    lines.push(`  ${v.id} (${v.impact ?? 'no impact given'}): ${v.help}`, `    ${v.helpUrl}`);
    for (const node of v.nodes) {
      lines.push(`    - ${node.target}`);
      for (const why of node.summary.split('\n')) lines.push(`        ${why.trim()}`);
    }
  }
  return lines.join('\n');
}

/** Waits until the page is still: no pending list, no transition half-way (axe measures colours). */
async function settle(page: Page): Promise<void> {
  await expect(page.locator('.list-body.pending')).toHaveCount(0);
  await page.evaluate(async () => {
    await document.fonts.ready;
    await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  });
}

/** Runs axe on the page as it is now; fails on any violation. */
export async function expectAccessible(page: Page, label: string): Promise<void> {
  await settle(page);
  if (!(await page.evaluate(() => 'axe' in window))) {
    await page.evaluate(AXE_SOURCE);
  }
  const violations: Violation[] = await page.evaluate(async (tags) => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const axe = (window as any).axe;
    const results = await axe.run(document, {
      runOnly: { type: 'tag', values: tags },
      resultTypes: ['violations'],
    });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    return results.violations.map((v: any) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      nodes: v.nodes.map((n: any) => ({ target: n.target.join(' '), summary: n.failureSummary ?? '' })),
    }));
  }, AXE_TAGS);
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  fs.appendFileSync(CHECKS, `${violations.length === 0 ? 'pass' : 'FAIL'}\t${label}\n`);
  expect(violations.length, describe(label, violations)).toBe(0);
}

/** Makes the next page load speak `lang` and follow the system's theme (no stored choice). */
export async function startIn(page: Page, lang: Lang): Promise<void> {
  if (!page.url().startsWith('http')) await page.goto('/api/v1/health');
  await page.evaluate((tag) => {
    window.localStorage.setItem('snapdeck.lang', tag);
    window.localStorage.removeItem('snapdeck.theme');
  }, lang === 'zh' ? 'zh-CN' : 'en');
}

/**
 * Checks one state of the console in both languages and both themes: `reach` brings the page
 * to the state (it starts with a navigation, so the language applies); the theme is the
 * system's preference, light then dark. With `screenshots`, each of the four is saved as
 * e2e/screenshots/a11y-<screenshots>-<lang>-<theme>.png.
 */
export async function checkEverywhere(
  page: Page,
  label: string,
  reach: (lang: Lang) => Promise<void>,
  screenshots?: string,
): Promise<void> {
  for (const lang of LANGS) {
    await page.emulateMedia({ colorScheme: 'light' });
    await startIn(page, lang);
    await reach(lang);
    for (const theme of THEMES) {
      await page.emulateMedia({ colorScheme: theme });
      await expectAccessible(page, `${label} · ${lang} · ${theme}`);
      if (screenshots) await shot(page, `a11y-${screenshots}-${lang}-${theme}`);
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

type Snapshot = { id: string; name: string; status: string; volume_id: string; auto_backup: boolean };

/**
 * An available snapshot the emulator started with (not one a spec made), on a volume that is
 * attached to a server or not: for states that only look, so the specs leave the list as they
 * found it.
 */
export async function existing(request: APIRequestContext, account: string, attached: boolean): Promise<Snapshot> {
  const volumes = (await (await request.get(`/api/v1/accounts/${account}/volumes`)).json()).volumes as
    { id: string; status: string; attachments: unknown[] }[];
  const isAttached = new Map(volumes.map((v) => [v.id, v.attachments.length > 0 || v.status === 'in-use']));
  const listed = await request.get(`/api/v1/accounts/${account}/snapshots?limit=100&status=available`);
  const found = ((await listed.json()).snapshots as Snapshot[]).find(
    (s) => !s.auto_backup && s.name && !s.name.startsWith('e2e-') && isAttached.get(s.volume_id) === attached,
  );
  expect(found, `an available snapshot of a volume with attached=${attached}`).toBeTruthy();
  return found!;
}

/**
 * Snapshots a spec made, deleted after each test once they have settled (a creating snapshot
 * cannot be deleted), so the list's first pages keep the emulator's own snapshots for the specs
 * that look for them.
 */
export class Made {
  private snapshots: { account: string; id: string }[] = [];

  track(account: string, id: string): void {
    this.snapshots.push({ account, id });
  }

  /** A new EVS snapshot on a volume that is not attached, still creating; deleted after the test. */
  async fresh(request: APIRequestContext, prefix: string) {
    const target = await volume(request, EVS, false);
    const snapshot = await createViaApi(request, EVS, { volume_id: target.id, name: unique(prefix) });
    this.track(EVS, snapshot.id);
    return snapshot;
  }

  async deleteAll(request: APIRequestContext): Promise<void> {
    const snapshots = this.snapshots.splice(0);
    for (const { account, id } of snapshots) {
      const url = `/api/v1/accounts/${account}/snapshots/${encodeURIComponent(id)}`;
      await expect
        .poll(async () => {
          const response = await request.get(url);
          return response.ok() ? (await response.json()).snapshot.status : 'gone';
        }, { timeout: 30_000, intervals: [500, 1000] })
        .not.toBe('creating');
      // Already deleting or gone (a bulk delete did it) is fine.
      await request.delete(url);
    }
  }
}

/** Words of the console the specs click on, in both languages. */
export const WORDS = {
  en: {
    createSnapshot: 'Create snapshot', delete: 'Delete', rollBack: 'Roll back', deleteSelected: 'Delete selected',
    next: 'Next', edit: 'Edit', save: 'Save', darkMode: 'Dark mode', cancel: 'Cancel', close: 'Close',
    select: (name: string) => `Select ${name}`, volume: 'Volume', name: 'Name',
  },
  zh: {
    createSnapshot: '创建快照', delete: '删除', rollBack: '回滚', deleteSelected: '删除所选',
    next: '下一页', edit: '编辑', save: '保存', darkMode: '深色模式', cancel: '取消', close: '关闭',
    select: (name: string) => `选择 ${name}`, volume: '云硬盘', name: '名称',
  },
} as const;
