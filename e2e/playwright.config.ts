// Playwright drives Debian's Chromium (no browser download); scripts/e2e starts the servers and
// sets SNAPDECK_URL. Screenshots of every page land in e2e/screenshots/.
import { defineConfig } from '@playwright/test';

const url = process.env.SNAPDECK_URL;
if (!url) {
  throw new Error('SNAPDECK_URL is not set: run the specs through scripts/e2e');
}

export default defineConfig({
  testDir: '.',
  testMatch: ['specs/**/*.spec.ts', 'smoke/**/*.spec.ts', 'portal/**/*.spec.ts'],
  // One worker: the specs share one emulator, and some create snapshots.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  outputDir: 'test-results',
  use: {
    baseURL: url,
    viewport: { width: 1360, height: 900 },
    locale: 'en-US',
    timezoneId: 'Asia/Shanghai',
    trace: 'off',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
});
