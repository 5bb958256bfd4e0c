// Issue 10: dark mode follows the system (prefers-color-scheme) until the top bar's switch is
// pressed; the choice is remembered (localStorage) and applied before the console starts; both
// ways to the dark theme give the same colours, and both themes pass axe.
import { test, expect, type Page } from '@playwright/test';
import { expectAccessible } from '../a11y';
import { EVS, listUrl, shot, table } from '../helpers';

/** The page's background colour, as drawn. */
function background(page: Page): Promise<string> {
  return page.evaluate(() => getComputedStyle(document.body).backgroundColor);
}

const LIGHT_BG = 'rgb(244, 246, 249)';
const DARK_BG = 'rgb(15, 20, 27)';

test('follows the system until the switch is pressed, then remembers the choice', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto(listUrl(EVS));
  await table(page);
  const root = page.locator('html');
  const toggle = page.getByRole('button', { name: 'Dark mode' });
  await expect(root).not.toHaveAttribute('data-theme');
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  expect(await background(page)).toBe(DARK_BG);

  // The system changes its mind: so does the console, switch included.
  await page.emulateMedia({ colorScheme: 'light' });
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  expect(await background(page)).toBe(LIGHT_BG);

  // Pressed (Space, from the keyboard): dark, whatever the system says, and remembered.
  await toggle.focus();
  await page.keyboard.press('Space');
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  await expect(root).toHaveAttribute('data-theme', 'dark');
  expect(await background(page)).toBe(DARK_BG);
  expect(await page.evaluate(() => localStorage.getItem('snapdeck.theme'))).toBe('dark');
  await page.reload();
  await table(page);
  await expect(root).toHaveAttribute('data-theme', 'dark');
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  await expectAccessible(page, 'list, dark chosen with the switch · en');
  await shot(page, 'theme-dark-list');

  // Chinese, still dark.
  await page.getByRole('button', { name: '中文' }).click();
  await expect(page.getByRole('button', { name: '深色模式' })).toHaveAttribute('aria-pressed', 'true');
  await expectAccessible(page, 'list, dark chosen with the switch · zh');
  await shot(page, 'theme-dark-list-zh');
  await page.getByRole('button', { name: 'English' }).click();

  // Pressed again while the system prefers dark: light is chosen and kept.
  await page.emulateMedia({ colorScheme: 'dark' });
  await toggle.press('Enter');
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  await expect(root).toHaveAttribute('data-theme', 'light');
  expect(await background(page)).toBe(LIGHT_BG);
  await expectAccessible(page, 'list, light chosen while the system prefers dark · en');
  await page.evaluate(() => localStorage.removeItem('snapdeck.theme'));
});

test('the switch and the system give the same dark colours', async ({ page }) => {
  await page.goto(listUrl(EVS));
  await table(page);
  const palette = () =>
    page.evaluate(() => {
      const names = new Set<string>();
      for (const sheet of [...document.styleSheets]) {
        for (const rule of [...sheet.cssRules]) {
          const style = (rule as CSSStyleRule).style;
          if (!style) continue;
          for (const name of [...style]) if (name.startsWith('--')) names.add(name);
        }
      }
      const computed = getComputedStyle(document.documentElement);
      return Object.fromEntries([...names].sort().map((name) => [name, computed.getPropertyValue(name).trim()]));
    });
  const light = await palette();
  await page.emulateMedia({ colorScheme: 'dark' });
  const system = await palette();
  await page.emulateMedia({ colorScheme: 'light' });
  await page.evaluate(() => document.documentElement.setAttribute('data-theme', 'dark'));
  const chosen = await palette();
  await page.evaluate(() => document.documentElement.removeAttribute('data-theme'));
  expect(Object.keys(light).length).toBeGreaterThan(40);
  expect(chosen).toEqual(system);
  expect(system['--bg']).not.toEqual(light['--bg']);
});

test('a chosen theme applies before the console starts', async ({ page }) => {
  await page.goto('/api/v1/health');
  await page.evaluate(() => localStorage.setItem('snapdeck.theme', 'dark'));
  // Without its WASM the console never starts: what is dark here was set by theme.js alone.
  await page.route('**/*.wasm', (route) => route.abort());
  await page.goto(listUrl(EVS));
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  expect(await background(page)).toBe(DARK_BG);
  await page.unroute('**/*.wasm');
  await page.evaluate(() => localStorage.removeItem('snapdeck.theme'));
});
