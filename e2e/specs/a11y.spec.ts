// Issue 10: no axe-core violation (WCAG 2.1 A/AA and best practice) on any page, state and dialog
// of the console, in English and Chinese, light and dark. Each test reaches one state in each
// language and runs axe in both themes (e2e/a11y.ts); the portal's pages are in e2e/portal/.
import { test, expect, type Page, type APIRequestContext } from '@playwright/test';
import { Made, checkEverywhere, existing, WORDS } from '../a11y';
import {
  BAD_KEY, CBS, DOWN, EVS, FLAKY, createViaApi, listUrl, table, unique, volume, waitForStatus,
} from '../helpers';

const made = new Made();
test.afterEach(({ request }) => made.deleteAll(request));

/** The detail page of a snapshot, loaded. */
async function openDetail(page: Page, account: string, id: string, name: string) {
  await page.goto(`/accounts/${account}/snapshots/${encodeURIComponent(id)}`);
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  await expect(page.locator('dl.facts')).toBeVisible();
}

test.describe('axe: the snapshot list', () => {
  test('the first page', async ({ page }) => {
    await checkEverywhere(page, 'list', async () => {
      await page.goto(listUrl(EVS));
      await table(page);
    }, 'list');
  });

  test('with filters set, and with filters that match nothing', async ({ page }) => {
    await checkEverywhere(page, 'list filtered', async () => {
      await page.goto(listUrl(EVS, 'status=available&limit=10'));
      await table(page);
    });
    await checkEverywhere(page, 'list filtered, empty', async () => {
      await page.goto(listUrl(EVS, 'name=no-such-snapshot-anywhere'));
      await expect(page.locator('.empty')).toBeVisible();
    });
  });

  test('with live rows', async ({ page, request }) => {
    await checkEverywhere(page, 'list live', async () => {
      // A new one each time: the emulator settles a snapshot 6 s after it is made.
      const live = await made.fresh(request, 'e2e-axe-live');
      await page.goto(listUrl(EVS, `name=${encodeURIComponent(live.name)}`));
      const grid = await table(page);
      await expect(grid.getByRole('progressbar')).toBeVisible();
      await expect(page.locator('.table-meta .live')).toBeVisible();
    }, 'list-live');
  });

  test('a page past the first, by markers (EVS) and by numbers (CBS)', async ({ page }) => {
    await checkEverywhere(page, 'list page 2', async (lang) => {
      await page.goto(listUrl(EVS, 'limit=10'));
      await table(page);
      await page.getByRole('button', { name: WORDS[lang].next }).click();
      await expect(page).toHaveURL(/marker=/);
      await table(page);
    });
    await checkEverywhere(page, 'list CBS page 2', async () => {
      await page.goto(listUrl(CBS, 'limit=10'));
      await table(page);
      await page.locator('.page-numbers a', { hasText: /^2$/ }).click();
      await expect(page.locator('.page-link.current')).toHaveText('2');
      await table(page);
    });
  });

  test('with rows selected for a bulk delete', async ({ page, request }) => {
    const shown = await existing(request, EVS, false);
    await checkEverywhere(page, 'list with a selection', async (lang) => {
      await page.goto(listUrl(EVS, `name=${encodeURIComponent(shown.name)}`));
      await table(page);
      await page.getByRole('checkbox', { name: WORDS[lang].select(shown.name) }).first().check();
      await expect(page.getByRole('button', { name: WORDS[lang].deleteSelected })).toBeEnabled();
    });
  });
});

test.describe('axe: a snapshot', () => {
  test('available, creating, an automatic backup, and on CBS', async ({ page, request }) => {
    const shown = await existing(request, EVS, false);
    await checkEverywhere(page, 'detail available', () => openDetail(page, EVS, shown.id, shown.name), 'detail');

    await checkEverywhere(page, 'detail creating', async () => {
      const creating = await made.fresh(request, 'e2e-axe-creating');
      await openDetail(page, EVS, creating.id, creating.name);
      await expect(page.locator('.page-head [data-status="creating"]')).toBeVisible();
      await expect(page.getByRole('progressbar')).toBeVisible();
    });

    const listed = await request.get(`/api/v1/accounts/${EVS}/snapshots?limit=100`);
    const auto = (await listed.json()).snapshots.find((s: { auto_backup: boolean }) => s.auto_backup);
    expect(auto, 'an automatic backup in the emulator').toBeTruthy();
    await checkEverywhere(page, 'detail auto-backup', async () => {
      await openDetail(page, EVS, auto.id, auto.name);
      await expect(page.locator('.callout')).toBeVisible();
    });

    const cbs = (await (await request.get(`/api/v1/accounts/${CBS}/snapshots?limit=1`)).json()).snapshots[0];
    await checkEverywhere(page, 'detail CBS', () => openDetail(page, CBS, cbs.id, cbs.name || cbs.id));
  });
});

test.describe('axe: create and edit', () => {
  test('create: empty, with validation errors, on an attached volume, and on CBS', async ({ page, request }) => {
    await checkEverywhere(page, 'create empty', async () => {
      await page.goto(`/accounts/${EVS}/snapshots/new`);
      await expect(page.locator('select#volume option').nth(1)).toBeAttached();
    }, 'create');
    await checkEverywhere(page, 'create with errors', async (lang) => {
      await page.goto(`/accounts/${EVS}/snapshots/new`);
      await expect(page.locator('select#volume option').nth(1)).toBeAttached();
      await page.getByLabel(WORDS[lang].name, { exact: true }).fill('x'.repeat(300));
      await page.getByRole('button', { name: WORDS[lang].createSnapshot }).click();
      await expect(page.locator('.form-summary')).toBeVisible();
      await expect(page.locator('.field-errors').first()).toBeVisible();
    }, 'create-errors');
    const attached = await volume(request, EVS, true);
    await checkEverywhere(page, 'create on an attached volume', async () => {
      await page.goto(`/accounts/${EVS}/snapshots/new`);
      await page.locator('select#volume').selectOption(attached.id);
      await expect(page.locator('.volume-card')).toBeVisible();
      await expect(page.locator('.warning[role="status"]')).toBeVisible();
    });
    await checkEverywhere(page, 'create CBS', async () => {
      await page.goto(`/accounts/${CBS}/snapshots/new`);
      await expect(page.locator('#expires-at')).toBeVisible();
    });
  });

  test('edit, untouched and changed', async ({ page, request }) => {
    const shown = await existing(request, EVS, false);
    await checkEverywhere(page, 'edit', async () => {
      await page.goto(`/accounts/${EVS}/snapshots/${shown.id}/edit`);
      await expect(page.locator('#name')).toHaveValue(shown.name);
    }, 'edit');
    // Changed, not saved.
    await checkEverywhere(page, 'edit changed', async () => {
      await page.goto(`/accounts/${EVS}/snapshots/${shown.id}/edit`);
      await page.locator('#description').fill('a new description');
      await expect(page.locator('.diff')).toBeVisible();
    });
  });
});

test.describe('axe: not found and errors', () => {
  test('a page and a snapshot that do not exist', async ({ page }) => {
    await checkEverywhere(page, 'page not found', async () => {
      await page.goto('/no/such/page');
      await expect(page.locator('.not-found')).toBeVisible();
    }, 'not-found');
    await checkEverywhere(page, 'snapshot not found', async () => {
      await page.goto(`/accounts/${EVS}/snapshots/00000000-0000-4000-8000-000000000000`);
      await expect(page.locator('.not-found')).toBeVisible();
    });
  });

  test('the error panels', async ({ page }) => {
    await checkEverywhere(page, 'error: credentials rejected', async () => {
      await page.goto(listUrl(BAD_KEY));
      await expect(page.locator('.alert[data-code="credentials_rejected"]')).toBeVisible();
    }, 'error');
    await checkEverywhere(page, 'error: cloud unavailable', async () => {
      await page.goto(listUrl(DOWN));
      await expect(page.locator('.alert')).toBeVisible({ timeout: 30_000 });
    });
    await checkEverywhere(page, 'error: a snapshot of such an account', async () => {
      await page.goto(`/accounts/${BAD_KEY}/snapshots/00000000-0000-4000-8000-000000000000`);
      await expect(page.locator('.alert[data-code="credentials_rejected"]')).toBeVisible();
    });
    await checkEverywhere(page, 'error: unknown account', async () => {
      await page.goto(listUrl('no-such-account'));
      await expect(page.locator('.alert[data-code="unknown_account"]')).toBeVisible();
    });
    await checkEverywhere(page, 'error: bad link', async () => {
      await page.goto(listUrl(EVS, 'limit=abc'));
      await expect(page.locator('.alert[data-code="bad_link"]')).toBeVisible();
    });
    await checkEverywhere(page, 'error: outcome unknown', async (lang) => {
      await page.goto(`/accounts/${FLAKY}/snapshots/new`);
      const picker = page.locator('select#volume');
      await expect(picker.locator('option').nth(1)).toBeAttached();
      const detached = await volume(page.request, FLAKY, false);
      await picker.selectOption(detached.id);
      await page.getByLabel(WORDS[lang].name, { exact: true }).fill(unique('e2e-axe-unknown'));
      await page.getByRole('button', { name: WORDS[lang].createSnapshot }).click();
      await expect(page.locator('.alert[data-code="outcome_unknown"]')).toBeVisible({ timeout: 30_000 });
    });
  });
});

test.describe('axe: dialogs', () => {
  test('delete and roll back', async ({ page, request }) => {
    // Opened, never confirmed.
    const shown = await existing(request, EVS, false);
    await checkEverywhere(page, 'dialog: delete', async (lang) => {
      await openDetail(page, EVS, shown.id, shown.name);
      await page.getByRole('button', { name: WORDS[lang].delete, exact: true }).click();
      await expect(page.getByRole('dialog')).toBeVisible();
    }, 'dialog-delete');
    await checkEverywhere(page, 'dialog: roll back', async (lang) => {
      await openDetail(page, EVS, shown.id, shown.name);
      await page.getByRole('button', { name: WORDS[lang].rollBack, exact: true }).click();
      await expect(page.getByRole('dialog').locator('#confirm-volume')).toBeVisible();
    }, 'dialog-rollback');
    // A snapshot of an attached volume: the dialog says to detach it first.
    const onAttached = await existing(request, EVS, true);
    await checkEverywhere(page, 'dialog: roll back an attached volume', async (lang) => {
      await openDetail(page, EVS, onAttached.id, onAttached.name);
      await page.getByRole('button', { name: WORDS[lang].rollBack, exact: true }).click();
      await expect(page.getByRole('dialog').locator('.alert')).toBeVisible();
    });
  });

  test('bulk delete: preview and results', async ({ page, request }) => {
    const kept = await existing(request, EVS, false);
    await checkEverywhere(page, 'dialog: bulk delete preview', async (lang) => {
      await page.goto(listUrl(EVS, `name=${encodeURIComponent(kept.name)}`));
      await table(page);
      await page.getByRole('checkbox', { name: WORDS[lang].select(kept.name) }).first().check();
      await page.getByRole('button', { name: WORDS[lang].deleteSelected }).click();
      await expect(page.getByRole('dialog').locator('.result-group')).toBeVisible();
    }, 'dialog-bulk-preview');
    await checkEverywhere(page, 'dialog: bulk delete results', async (lang) => {
      // Deleted by the dialog itself.
      const doomed = await made.fresh(request, 'e2e-axe-bulkdel');
      await waitForStatus(request, EVS, doomed.id, 'available');
      await page.goto(listUrl(EVS, `name=${encodeURIComponent(doomed.name)}`));
      await table(page);
      await page.getByRole('checkbox', { name: WORDS[lang].select(doomed.name) }).check();
      await page.getByRole('button', { name: WORDS[lang].deleteSelected }).click();
      const dialog = page.getByRole('dialog');
      await expect(dialog.locator('.result-group')).toBeVisible();
      await dialog.locator('.dialog-actions .btn-danger').click();
      await expect(dialog.getByRole('button', { name: WORDS[lang].close })).toBeVisible();
    }, 'dialog-bulk-results');
  });
});
