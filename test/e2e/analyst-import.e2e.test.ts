// End to end in real Chromium (issue 15, item 4): the analyst uploads an act's published text, sees each drafted
// service with its routes, lint findings and DRAFT.md, and opens a route in the modeler; a text that is not a
// регламент gets a clear error. Screenshots go to test-artifacts/screenshots/.
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { defaultSeedsDir } from '../../scripts/import-score.js';
import { screenshot, watchPageErrors } from '../support/browser.js';
import { useDemoApp } from '../support/demo-app.js';
import { Feature, Scenario, When, Then, And } from '../support/scenario.js';

const ADMIN = { user: 'admin', password: 'admin-import-e2e' };
const SEEDS = defaultSeedsDir(resolve(import.meta.dirname, '..', '..'));
const act = existsSync(SEEDS) ? readdirSync(SEEDS).filter((f) => f.startsWith('000_') && f.endsWith('.txt'))[0] : undefined;

// The seed acts sit beside the project (../shared/seeds); without them this scenario says so instead of passing.
const withAct: typeof Scenario = act ? Scenario : (title) => it.skip(`Scenario: ${title} (no seed act beside the project)`, () => {});

const demo = useDemoApp({ name: 'import', bundle: 'zhambyl-sko/preschool-queue', adminPassword: ADMIN.password, workers: false });

Feature('Аналитик: импорт текста регламента в черновик', () => {
  withAct('the analyst uploads act 000 and opens a drafted route in the modeler', () => {
    let page: Page;
    let errors: string[] = [];

    When('the analyst signs in and uploads the act text for an akimat', async () => {
      page = await demo.browser.newPage({ viewport: { width: 1400, height: 900 } });
      errors = watchPageErrors(page);
      await page.goto(`${demo.app.url}/web/analyst.html#/import`);
      await page.getByLabel(/Логин/).fill(ADMIN.user);
      await page.getByLabel(/Пароль/).fill(ADMIN.password);
      await page.getByRole('button', { name: /^Войти$/ }).click();
      await page.getByRole('link', { name: 'Импорт акта' }).click();
      await page.locator('#act-file').setInputFiles(join(SEEDS, act!));
      await page.locator('#import-tenant').selectOption('zhambyl-sko');
      await page.getByRole('button', { name: 'Импорт акта' }).click();
      await page.locator('section.import-service').first().waitFor();
    });

    Then('each service shows its routes with lint findings and the importer\'s notes', async () => {
      const service = page.locator('section.import-service').first();
      for (const route of ['provider', 'con', 'portal']) await expect(service.locator(`button[data-route="${route}"]`).count()).resolves.toBe(1);
      const notes = await service.locator('pre.draft-notes').innerText();
      expect(notes).toMatch(/line \d+|строк/i);
      expect(await service.locator('li', { hasText: 'provider' }).innerText()).toMatch(/Проверка: (Замечаний нет|.*\d+)/);
      await screenshot(page, 'analyst-import');
    });

    And('a route opens in the modeler with its steps from the act', async () => {
      await page.locator('section.import-service').first().locator('button[data-route="provider"]').click();
      await page.locator('#canvas .djs-element').first().waitFor();
      const names = await page.evaluate(() => {
        const registry = (window as unknown as { reglamentModeler: { get: (n: string) => { getAll: () => { businessObject?: { name?: string } }[] } } }).reglamentModeler.get('elementRegistry');
        return registry.getAll().map((e) => e.businessObject?.name ?? '').filter(Boolean);
      });
      expect(names.some((n) => /процесс 1/.test(n))).toBe(true);
      expect(names.some((n) => /условие 1/.test(n))).toBe(true);
      await expect(page.locator('pre.draft-notes').count()).resolves.toBe(1);
      await screenshot(page, 'analyst-import-modeler');
      expect(errors).toEqual([]);
      await page.close();
    });
  });

  Scenario('a text that is not a регламент gets a clear error and no draft', () => {
    let page: Page;
    When('the analyst uploads a letter', async () => {
      const file = join(mkdtempSync(join(tmpdir(), 'not-an-act-')), 'letter.txt');
      writeFileSync(file, 'Уважаемые коллеги! Направляем вам план мероприятий на декабрь.\n');
      page = await demo.browser.newPage({ viewport: { width: 1400, height: 900 } });
      await page.goto(`${demo.app.url}/web/analyst.html#/import`);
      if (await page.getByLabel(/Логин/).count()) {
        await page.getByLabel(/Логин/).fill(ADMIN.user);
        await page.getByLabel(/Пароль/).fill(ADMIN.password);
        await page.getByRole('button', { name: /^Войти$/ }).click();
        await page.getByRole('link', { name: 'Импорт акта' }).click();
      }
      await page.locator('#act-file').setInputFiles(file);
      await page.locator('#import-tenant').selectOption('zhambyl-sko');
      await page.getByRole('button', { name: 'Импорт акта' }).click();
    });
    Then('the page says what was not found', async () => {
      const status = page.locator('#status');
      await status.getByText(/Cannot import the act/).waitFor();
      expect(await page.locator('section.import-service').count()).toBe(0);
      await page.close();
    });
  });
});
