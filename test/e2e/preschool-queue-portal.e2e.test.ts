// End to end in real Chromium (Debian's chromium through playwright-core) against the real server with its workers:
// an applicant submits a preschool-queue request on the portal, a specialist claims, decides and signs it, the
// applicant sees the final status, downloads the signed output and answers the анкета; an operator of another
// akimat cannot open the task by URL. Every page is kept as a screenshot in test-artifacts/screenshots/.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshot, watchPageErrors } from '../support/browser.js';
import { useDemoApp } from '../support/demo-app.js';
import { Feature, Scenario, Given, When, Then, And } from '../support/scenario.js';

const demo = useDemoApp({ name: 'portal', bundle: 'zhambyl-sko/preschool-queue', adminPassword: 'admin-e2e-password', timerPollInterval: 200 });

async function signIn(page: Page, path: string, username: string, password: string): Promise<void> {
  await page.goto(`${demo.app.url}${path}`);
  await page.getByLabel(/Логин/).fill(username);
  await page.getByLabel(/Пароль/).fill(password);
  await page.getByRole('button', { name: /^Войти$/ }).click();
}

/** The specialist takes the next task of that name from the list, fills its form and completes it. */
async function work(page: Page, name: RegExp, shot: string, fill: () => Promise<void>): Promise<string> {
  await page.goto(`${demo.app.url}/web/operator.html#/tasks`);
  await page.reload();
  const row = page.locator('tr', { hasText: name });
  await row.waitFor({ timeout: 60_000 });
  const taskId = (await row.getAttribute('data-task-id'))!;
  await row.getByRole('button', { name: 'Взять в работу' }).click();
  await page.getByRole('button', { name: 'Завершить' }).waitFor();
  await fill();
  await screenshot(page, shot);
  await page.getByRole('button', { name: 'Завершить' }).click();
  await page.locator('table.tasks, p:has-text("Задач нет")').first().waitFor({ timeout: 15_000 });
  return taskId;
}

Feature('Постановка на очередь в ДДО через ПЭП (Жамбылский район, seed 000)', () => {
  Scenario('applicant submits, specialist decides and signs, applicant downloads the result', () => {
    let applicant: Page;
    let specialist: Page;
    let applicantErrors: string[] = [];
    let decisionTaskId = '';
    const child = { iin: '', last: '', first: '', birth: '' };

    Given('the applicant signs in on the portal with IIN and password', async () => {
      const row = await demo.app.db('registry_person_link').join('registry_person', 'registry_person.iin', 'registry_person_link.child_iin')
        .where('registry_person_link.parent_iin', demo.login('applicant.zhambyl-sko').iin!).first('registry_person.*');
      Object.assign(child, { iin: row.iin, last: row.last_name, first: row.first_name, birth: row.birth_date });
      applicant = await demo.browser.newPage({ viewport: { width: 1280, height: 900 } });
      applicantErrors = watchPageErrors(applicant);
      await signIn(applicant, '/web/portal.html', demo.login('applicant.zhambyl-sko').iin!, demo.login('applicant.zhambyl-sko').password);
      await applicant.getByRole('link', { name: /Подать заявление/ }).first().waitFor();
      await screenshot(applicant, 'portal-services');
    });

    When('they fill the application form (процесс 3)', async () => {
      await applicant.getByRole('link', { name: /Подать заявление/ }).first().click();
      await applicant.getByLabel(/Фамилия ребенка/).fill(child.last);
      await applicant.getByLabel(/Имя ребенка/).fill(child.first);
      await applicant.getByLabel(/ИИН ребенка/).fill(child.iin);
      const [y, m, d] = child.birth.split('-');
      const date = applicant.getByLabel(/Дата рождения ребенка/);
      await date.fill(`${d}.${m}.${y}`);
      await date.press('Enter');
      await applicant.getByLabel(/свидетельства о рождении/).fill('I-ЖА 123456');
      await applicant.getByLabel(/ИИН родителя/).fill(demo.login('applicant.zhambyl-sko').iin!);
      await applicant.getByLabel(/Ф.И.О. родителя/).fill('Сейткали Айгерим Нурлановна');
      await applicant.getByLabel(/Домашний адрес/).fill('с. Пресновка, ул. Демонстрационная, д. 1');
      await applicant.getByLabel(/Телефон/).fill('+7 701 000 00 00');
      await applicant.getByLabel(/^Заявление/).check();
      await applicant.getByLabel(/Свидетельство о рождении ребенка/).check();
      const scan = join(demo.dir, 'birth-certificate.pdf');
      writeFileSync(scan, '%PDF-1.4\n% scanned birth certificate\n');
      await applicant.locator('#attachments').setInputFiles(scan);
      await applicant.locator('ul.files li').first().waitFor();
      expect(await applicant.locator('ul.files li').count()).toBe(1);
      await screenshot(applicant, 'portal-application-form');
      await applicant.getByRole('button', { name: 'Завершить' }).click();
    });

    And('sign it with their ЭЦП (процесс 4) and submit', async () => {
      await applicant.getByRole('button', { name: /Подписать ЭЦП/ }).click();
      await applicant.getByText(/Подписано ЭЦП/).waitFor();
      await screenshot(applicant, 'portal-signing');
      await applicant.getByRole('button', { name: 'Завершить' }).click();
    });

    Then('the request is registered with a number and the status «поступившие» (процесс 6)', async () => {
      await applicant.locator('#request-status').waitFor({ timeout: 60_000 });
      expect(await applicant.locator('#request-number').innerText()).toMatch(/№ ZHM-\d{4}-\d{6}/);
      expect(await applicant.locator('#request-status').innerText()).toBe('поступившие');
      await screenshot(applicant, 'portal-request-received');
    });

    When('the specialist of the akimat claims the request, accepts it and decides: no place, the queue (процесс 6–7)', async () => {
      specialist = await demo.browser.newPage({ viewport: { width: 1280, height: 900 } });
      await signIn(specialist, '/web/operator.html', 'specialist.zhambyl-sko', demo.login('specialist.zhambyl-sko').password);
      await specialist.locator('table.tasks').waitFor();
      expect(await specialist.locator('tr', { hasText: /процесс 6 — Принятие/ }).locator('td.number').innerText()).toMatch(/^ZHM-\d{4}-\d{6}$/);
      await screenshot(specialist, 'operator-tasklist');
      await work(specialist, /процесс 6 — Принятие/, 'operator-accept', async () => {
        await specialist.getByLabel(/Документы проверены/).check();
        await specialist.getByLabel(/Заявление принято в работу/).check();
      });
      decisionTaskId = await work(specialist, /формирование результата/, 'operator-decision', async () => {
        await specialist.getByLabel(/Мест нет: уведомление о постановке на очередь/).check();
        // The request's scan, as the applicant attached it, opens from the task (engine-rest serves the File variable).
        // The application data carries the application form's labels.
        expect(await specialist.getByRole('rowheader', { name: /Фамилия ребенка/ }).count()).toBe(1);
        const scan = specialist.locator('#request-scans li', { hasText: 'birth-certificate.pdf' });
        await scan.waitFor();
        const [download] = await Promise.all([specialist.waitForEvent('download'), scan.getByRole('button').click()]);
        const saved = join(demo.dir, 'opened-scan.pdf');
        await download.saveAs(saved);
        expect(readFileSync(saved, 'utf8')).toBe('%PDF-1.4\n% scanned birth certificate\n');
      });
    });

    And('checks and signs the output document with the specialist’s ЭЦП', async () => {
      await work(specialist, /Создание выходного документа/, 'operator-output', async () => {
        await specialist.getByLabel(/Выходной документ проверен/).check();
      });
      await work(specialist, /Подписание выходного документа/, 'operator-output-signing', async () => {
        await specialist.getByRole('button', { name: /Подписать ЭЦП/ }).click();
        await specialist.getByText(/Подписано ЭЦП/).waitFor();
      });
    });

    Then('the applicant sees the final status and the queue number', async () => {
      await applicant.goto(`${demo.app.url}/web/portal.html#/requests`);
      // The last steps after the specialist's signature are the workers': the list shows them as they land.
      await expect.poll(async () => {
        await applicant.reload();
        return applicant.locator('td.status').first().innerText();
      }, { timeout: 60_000, interval: 1000 }).toBe('завершение исполнения и выдачи выходного документа');
      await screenshot(applicant, 'portal-requests');
      await applicant.locator('table.tasks a').first().click();
      await applicant.locator('#request-status').waitFor();
      await applicant.getByText(/Номер очередности/).waitFor();
      await screenshot(applicant, 'portal-request-completed');
    });

    And('downloads the output: a PDF naming the child, with the queue number and a verification code that verifies', async () => {
      const [download] = await Promise.all([applicant.waitForEvent('download'), applicant.locator('button.download').first().click()]);
      const pdf = join(demo.dir, 'result.pdf');
      await download.saveAs(pdf);
      const text = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' });
      expect(text).toContain('Уведомление о регистрации ребенка');
      expect(text).toContain(`${child.last} ${child.first}`);
      expect(text).toMatch(/Номер очередности: \d+/);
      const code = (await applicant.locator('button.download + span').first().innerText()).trim();
      const verify = await fetch(`${demo.app.url}/api/documents/verify/${code}`).then((r) => r.json()) as { authentic: boolean };
      expect(verify.authentic).toBe(true);
    });

    And('answers the анкета once', async () => {
      await applicant.getByLabel('удовлетворен', { exact: true }).first().check();
      await applicant.getByLabel('удовлетворен', { exact: true }).nth(1).check();
      await applicant.getByRole('button', { name: 'Отправить' }).click();
      await applicant.getByText('Спасибо за ответ').waitFor();
      expect(applicantErrors).toEqual([]);
    });

    Then('an operator of another akimat cannot open that task by URL', async () => {
      const other = await demo.browser.newPage();
      await signIn(other, '/web/operator.html', 'specialist.semey', demo.login('specialist.semey').password);
      await other.locator('table.tasks, p:has-text("Задач нет")').first().waitFor();
      await other.goto(`${demo.app.url}/web/operator.html#/task/${decisionTaskId}`);
      await other.reload();
      await other.locator('.error').waitFor();
      expect(await other.locator('.error').innerText()).toMatch(/not found|не найден/i);
      expect(await other.locator('main').innerText()).not.toContain(child.last);
      await screenshot(other, 'operator-other-akimat-denied');
    });
  }, 600_000);
});
