// The applicant's day on the portal, in real Chromium (issue 18, items 3–5): service titles instead of the регламент's
// step names and keys, no staff minute limits, IIN and name prefilled from the account; the request page names the
// service and the expected date (the working-day deadline), follows the status by itself while the specialist refuses
// the request, and offers the refusal document, named after the request number; «Срок» in the list is that deadline.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { addDuration } from '../../src/calendar/index.js';
import { screenshot, watchPageErrors } from '../support/browser.js';
import { useDemoApp } from '../support/demo-app.js';
import { Feature, Scenario, Given, When, Then, And } from '../support/scenario.js';

const demo = useDemoApp({ name: 'applicant-desk', bundle: 'zhambyl-sko/preschool-queue', adminPassword: 'admin-e2e-password' });
const TITLE = 'Постановка на очередь детей дошкольного возраста (до 7 лет) для направления в детские дошкольные организации';

async function signIn(page: Page, path: string, username: string, password: string): Promise<void> {
  await page.goto(`${demo.app.url}${path}`);
  await page.getByLabel(/Логин/).fill(username);
  await page.getByLabel(/Пароль/).fill(password);
  await page.getByRole('button', { name: /^Войти$/ }).click();
}

/** dd.mm.yyyy of an instant in Kazakhstan time. */
const day = (d: Date) => new Intl.DateTimeFormat('ru-RU', { timeZone: 'Asia/Almaty', day: '2-digit', month: '2-digit', year: 'numeric' }).format(d);

/** The specialist takes the next task of that name from the list, fills its form and completes it. */
async function work(page: Page, name: RegExp, fill: () => Promise<void>): Promise<void> {
  await page.goto(`${demo.app.url}/web/operator.html#/tasks`);
  await page.reload();
  const row = page.locator('tr', { hasText: name });
  await row.waitFor({ timeout: 60_000 });
  await row.getByRole('button', { name: 'Взять в работу' }).click();
  await page.getByRole('button', { name: 'Завершить' }).waitFor();
  await fill();
  await page.getByRole('button', { name: 'Завершить' }).click();
  await page.locator('table.tasks, p:has-text("Задач нет")').first().waitFor({ timeout: 15_000 });
}

Feature('Заявитель на ПЭП: услуга, срок и результат (Жамбылский район, постановка на очередь в ДДО)', () => {
  Scenario('the applicant applies, follows the request without reloading, and downloads the refusal', () => {
    let applicant: Page;
    let errors: string[] = [];
    let number = '';
    const child = { iin: '', last: '', first: '', birth: '' };
    const account = () => demo.login('applicant.zhambyl-sko');

    Given('the applicant signs in and sees the services by their titles', async () => {
      const row = await demo.app.db('registry_person_link').join('registry_person', 'registry_person.iin', 'registry_person_link.child_iin')
        .where('registry_person_link.parent_iin', account().iin!).first('registry_person.*');
      Object.assign(child, { iin: row.iin, last: row.last_name, first: row.first_name, birth: row.birth_date });
      applicant = await demo.browser.newPage({ viewport: { width: 1366, height: 768 } });
      errors = watchPageErrors(applicant);
      await signIn(applicant, '/web/portal.html', account().iin!, account().password);
      await applicant.getByRole('link', { name: /Подать заявление/ }).first().waitFor();
      const services = await applicant.locator('ul.services').innerText();
      expect(services).toContain(TITLE);
      expect(services).not.toMatch(/preschool-queue|процесс \d/);
    });

    When('they open the application: the service title heads it, with no step name, no limit, and their IIN and name filled in', async () => {
      await applicant.getByRole('link', { name: /Подать заявление/ }).first().click();
      await applicant.getByLabel(/Фамилия ребенка/).waitFor();
      expect(await applicant.locator('#task-header h2').innerText()).toBe(TITLE);
      const page = await applicant.locator('main').innerText();
      expect(page).not.toMatch(/процесс \d|Шаг регламента|Срок:/);
      expect(await applicant.getByLabel(/ИИН родителя/).inputValue()).toBe(account().iin);
      const user = await demo.app.db('identity_user').where({ iin: account().iin }).first('first_name', 'last_name');
      expect(await applicant.getByLabel(/Ф.И.О. родителя/).inputValue()).toBe(`${user.last_name} ${user.first_name}`);
      await screenshot(applicant, 'applicant-desk-form');
    });

    And('fill in the rest, sign and submit', async () => {
      await applicant.getByLabel(/Фамилия ребенка/).fill(child.last);
      await applicant.getByLabel(/Имя ребенка/).fill(child.first);
      await applicant.getByLabel(/ИИН ребенка/).fill(child.iin);
      const [y, m, d] = child.birth.split('-');
      const date = applicant.getByLabel(/Дата рождения ребенка/);
      await date.fill(`${d}.${m}.${y}`);
      await date.press('Enter');
      await applicant.getByLabel(/свидетельства о рождении/).fill('I-ЖА 123456');
      await applicant.getByLabel(/Домашний адрес/).fill('с. Пресновка, ул. Демонстрационная, д. 1');
      await applicant.getByLabel(/Телефон/).fill('+7 701 000 00 00');
      await applicant.getByLabel(/^Заявление/).check();
      await applicant.getByLabel(/Свидетельство о рождении ребенка/).check();
      const scan = join(demo.dir, 'birth-certificate.pdf');
      writeFileSync(scan, '%PDF-1.4\n% scanned birth certificate\n');
      await applicant.locator('#attachments').setInputFiles(scan);
      await applicant.locator('ul.files li').first().waitFor();
      await applicant.getByRole('button', { name: 'Завершить' }).click();
      await applicant.getByRole('button', { name: /Подписать ЭЦП/ }).click();
      await applicant.getByText(/Подписано ЭЦП/).waitFor();
      expect(await applicant.locator('main').innerText()).not.toMatch(/процесс \d/);
      await applicant.getByRole('button', { name: 'Завершить' }).click();
    });

    Then('the request page names the service, the number and the date the result is due: 3 working days from receipt', async () => {
      await applicant.locator('#request-status').waitFor({ timeout: 60_000 });
      number = (await applicant.locator('#request-number').innerText()).replace(/^№ /, '');
      expect(number).toMatch(/^ZHM-\d{4}-\d{6}$/);
      expect(await applicant.locator('#request-summary h2').innerText()).toBe(TITLE);
      const received = await demo.app.db('registry_request').where({ number }).first('received_at');
      // процесс 7 «В течение 3 рабочих дней», the receipt day counted (reglament:excludeReceiptDay false in the route).
      const due = addDuration(new Date(Number(received.received_at)), 'P3D', { calendar: 'kz-working-days', excludeReceiptDay: false });
      expect(await applicant.locator('#request-expected').innerText()).toBe(day(due));
      expect(await applicant.locator('#request-documents').innerText()).toContain('Документов пока нет');
      await screenshot(applicant, 'applicant-desk-request-received');
    });

    When('the specialist accepts the request and refuses it with a reason, and signs the refusal', async () => {
      const specialist = await demo.browser.newPage({ viewport: { width: 1366, height: 768 } });
      await signIn(specialist, '/web/operator.html', 'specialist.zhambyl-sko', demo.login('specialist.zhambyl-sko').password);
      await specialist.locator('table.tasks').waitFor();
      await work(specialist, /процесс 6 — Принятие/, async () => {
        await specialist.getByLabel(/Документы проверены/).check();
        await specialist.getByLabel(/Заявление принято в работу/).check();
      });
      // The decision step is open now: the expected date is its own working-day due date.
      const decide = await demo.app.db('engine_user_task').where({ task_definition_key: 'decide' }).first('due');
      const mine = await applicant.evaluate(() => fetch('/api/requests', { headers: { authorization: `Bearer ${sessionStorage.getItem('reglament.token')}` } })
        .then((r) => r.json())) as { number: string; expectedAt: string | null }[];
      expect(mine.find((r) => r.number === number)?.expectedAt).toBe(new Date(Number(decide.due)).toISOString());
      await work(specialist, /формирование результата/, async () => {
        await specialist.getByLabel(/^Мотивированный отказ/).check();
        await specialist.getByLabel(/Причина отказа/).fill('Ребенок уже состоит в очереди');
      });
      await work(specialist, /Создание выходного документа/, async () => {
        await specialist.getByLabel(/Выходной документ проверен/).check();
      });
      await work(specialist, /Подписание выходного документа/, async () => {
        await specialist.getByRole('button', { name: /Подписать ЭЦП/ }).click();
        await specialist.getByText(/Подписано ЭЦП/).waitFor();
      });
      await specialist.close();
    });

    Then('the open request page shows the refusal by itself, without a reload, and offers its document', async () => {
      // No reload, no navigation: the page follows the status.
      // The act's route ends a refusal as it ends any result: «завершение исполнения…», with the refusal as the document.
      await applicant.locator('#request-status', { hasText: 'завершение исполнения' }).waitFor({ timeout: 90_000 });
      await applicant.locator('#request-documents button.download', { hasText: /отказ/i }).waitFor({ timeout: 90_000 });
      expect(await applicant.locator('#status').innerText()).toContain('Статус заявления изменился');
      expect(await applicant.locator('main').innerText()).not.toMatch(/\bnull\b|undefined|процесс \d/);
      await screenshot(applicant, 'applicant-desk-refused');
    });

    And('the refusal downloads as a PDF named after the request, carrying the reason', async () => {
      const [download] = await Promise.all([applicant.waitForEvent('download'), applicant.locator('#request-documents button.download').first().click()]);
      expect(download.suggestedFilename()).toBe(`refusal-${number}.pdf`);
      const pdf = join(demo.dir, 'refusal.pdf');
      await download.saveAs(pdf);
      expect(execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' })).toContain('Ребенок уже состоит в очереди');
    });

    And('«Срок» in the list is the deadline: the day of the result for a finished request', async () => {
      await applicant.goto(`${demo.app.url}/web/portal.html#/requests`);
      const row = applicant.locator('tr', { hasText: number });
      await row.waitFor();
      const completed = await demo.app.db('registry_request').where({ number }).first('completed_at');
      expect(await row.locator('td.deadline').innerText()).toBe(day(new Date(Number(completed.completed_at))));
      expect(await row.innerText()).toContain(TITLE);
      expect(await applicant.locator('thead').innerText()).toMatch(/Дата подачи\s+Срок/);
      await screenshot(applicant, 'applicant-desk-requests');
      expect(errors).toEqual([]);
    });
  }, 600_000);
});
