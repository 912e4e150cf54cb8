// A refused applicant gets the refusal, in real Chromium (issue 18, item 5), on a route that gives it without a
// delivery to the cabinet: Semey's «Выдача справок безработным гражданам» through the ПЭП. The applicant files and signs
// on the portal, the specialist refuses with a reason (условие 3, процесс 7), and the open request page shows
// «мотивированный отказ» by itself and offers the refusal, whose PDF carries the reason.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshot, watchPageErrors } from '../support/browser.js';
import { useDemoApp } from '../support/demo-app.js';
import { Feature, Scenario, Given, When, Then, And } from '../support/scenario.js';

const TENANT = 'semey';
const demo = useDemoApp({ name: 'applicant-refusal', bundle: `${TENANT}/unemployed-certificate`, adminPassword: 'admin-e2e-password' });
const TITLE = 'Выдача справок безработным гражданам';
const REASON = 'Не представлена справка о доходах за указанный период';

async function signIn(page: Page, path: string, username: string, password: string): Promise<void> {
  await page.goto(`${demo.app.url}${path}`);
  await page.getByLabel(/Логин/).fill(username);
  await page.getByLabel(/Пароль/).fill(password);
  await page.getByRole('button', { name: /^Войти$/ }).click();
}

Feature('Мотивированный отказ доходит до заявителя (Семей, справка безработным, ПЭП)', () => {
  Scenario('the specialist refuses; the applicant’s open request page shows the refusal and its document', () => {
    let applicant: Page;
    let errors: string[] = [];
    let number = '';
    const account = () => demo.login(`applicant.${TENANT}`);

    Given('the applicant files the request on the portal and signs it with their ЭЦП', async () => {
      applicant = await demo.browser.newPage({ viewport: { width: 390, height: 844 } });
      errors = watchPageErrors(applicant);
      await signIn(applicant, '/web/portal.html', account().iin!, account().password);
      await applicant.locator('ul.services li', { hasText: TITLE }).getByRole('link', { name: /Подать заявление/ }).click();
      await applicant.getByLabel(/Адрес проживания/).waitFor();
      expect(await applicant.locator('#task-header h2').innerText()).toBe(TITLE);
      expect(await applicant.getByLabel(/ИИН заявителя/).inputValue()).toBe(account().iin);
      await applicant.getByLabel(/Адрес проживания/).fill('г. Семей, ул. Демонстрационная, д. 1');
      await applicant.getByLabel(/^Телефон/).fill('+7 722 000 00 00');
      for (const [label, day] of [[/Период с/, '01.09.2026'], [/Период по/, '30.11.2026']] as const) {
        const date = applicant.getByLabel(label);
        await date.fill(day);
        await date.press('Enter');
      }
      await applicant.getByLabel(/Справка дана для предъявления/).fill('в банк');
      await applicant.getByRole('button', { name: /Подписать ЭЦП/ }).click();
      await applicant.getByText(/Подписано ЭЦП/).waitFor();
      await applicant.getByRole('button', { name: 'Завершить' }).click();
      await applicant.locator('#request-status').waitFor({ timeout: 60_000 });
      number = (await applicant.locator('#request-number').innerText()).replace(/^№ /, '');
      expect(number).toMatch(/^SEM-\d{4}-\d{6}$/);
      expect(await applicant.locator('#request-documents').innerText()).toContain('Документов пока нет');
    });

    When('the specialist refuses it with a reason', async () => {
      const specialist = await demo.browser.newPage({ viewport: { width: 1366, height: 768 } });
      await signIn(specialist, '/web/operator.html', `specialist.${TENANT}`, demo.login(`specialist.${TENANT}`).password);
      const row = specialist.locator('tr', { hasText: number });
      await row.waitFor({ timeout: 60_000 });
      await row.getByRole('button', { name: 'Взять в работу' }).click();
      await specialist.getByLabel(/^Мотивированный отказ/).check();
      await specialist.getByLabel(/Причина отказа/).fill(REASON);
      await specialist.getByRole('button', { name: 'Завершить' }).click();
      await specialist.locator('table.tasks, p:has-text("Задач нет")').first().waitFor({ timeout: 15_000 });
      await specialist.close();
    });

    Then('the applicant’s page, never reloaded, shows «мотивированный отказ» and offers the refusal', async () => {
      await applicant.locator('#request-status', { hasText: 'мотивированный отказ' }).waitFor({ timeout: 60_000 });
      const button = applicant.locator('#request-documents button.download');
      await button.waitFor({ timeout: 60_000 });
      expect(await button.innerText()).toMatch(/отказ/i);
      await screenshot(applicant, 'applicant-refusal');
    });

    And('the refusal downloads, named after the request, with the reason in it', async () => {
      const [download] = await Promise.all([applicant.waitForEvent('download'), applicant.locator('#request-documents button.download').first().click()]);
      expect(download.suggestedFilename()).toBe(`refusal-${number}.pdf`);
      const pdf = join(demo.dir, 'refusal.pdf');
      await download.saveAs(pdf);
      expect(execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ')).toContain(REASON);
      expect(errors).toEqual([]);
    });
  }, 300_000);
});
