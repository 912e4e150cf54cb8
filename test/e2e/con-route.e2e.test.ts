// End to end in real Chromium: the ЦОН route of the Semey preschool queue (рисунок 2 of the регламент). The ЦОН operator
// opens «Новое заявление» for a parent who came to the Центр, enters the application (процесс 2), ГБД ФЛ is asked
// (процесс 3), the operator attaches the scan and signs the request with their ЭЦП (процесс 5), ШЭП carries it to the
// provider (процесс 6–7), the specialist of the akimat decides (условие 2), the operator hands the result over
// (процесс 9). Then the request's status history and the stored document; and a refusal whose reason the PDF carries.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import 'reflect-metadata';
import { X509Certificate } from '@peculiar/x509';
import { syntheticIin } from '../../src/demo/registry-seed.js';
import { screenshot, watchPageErrors } from '../support/browser.js';
import { useDemoApp } from '../support/demo-app.js';
import { Feature, Scenario, Given, When, Then, And } from '../support/scenario.js';

const TENANT = 'semey';
const OPERATOR = `operator.${TENANT}`;
const SPECIALIST = `specialist.${TENANT}`;

const demo = useDemoApp({ name: 'con', bundle: `${TENANT}/preschool-queue`, adminPassword: 'admin-con-e2e-password', timerPollInterval: 200 });

async function tokenOf(user: string): Promise<string> {
  const res = await fetch(`${demo.app.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: user, password: demo.login(user).password }) });
  return ((await res.json()) as { token: string }).token;
}

async function apiGet<T>(token: string, path: string): Promise<T> {
  const res = await fetch(`${demo.app.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

async function signIn(page: Page, user: string): Promise<void> {
  await page.goto(`${demo.app.url}/web/operator.html`);
  await page.getByLabel(/Логин/).fill(user);
  await page.getByLabel(/Пароль/).fill(demo.login(user).password);
  await page.getByRole('button', { name: /^Войти$/ }).click();
  await page.locator('table.tasks, p:has-text("Задач нет")').first().waitFor();
}

/** Takes the next task of that name from the list, fills its form and completes it; returns the row's request number. */
async function work(page: Page, name: RegExp, shot: string, fill: () => Promise<void>): Promise<string> {
  await page.goto(`${demo.app.url}/web/operator.html#/tasks`);
  const row = page.locator('tr', { hasText: name });
  await expect.poll(async () => {
    await page.reload();
    await page.locator('table.tasks, p:has-text("Задач нет")').first().waitFor();
    return row.count();
  }, { timeout: 60_000, interval: 500 }).toBeGreaterThan(0);
  const number = (await row.first().locator('td.number').innerText()).trim();
  await row.first().getByRole('button', { name: 'Взять в работу' }).click();
  await page.getByRole('button', { name: 'Завершить' }).waitFor();
  await fill();
  await screenshot(page, shot);
  await page.getByRole('button', { name: 'Завершить' }).click();
  await page.locator(AFTER_TASK).first().waitFor({ timeout: 15_000 });
  return number;
}

/** Where a completed task leads: the list, or for a request started here, its next step or its state. */
const AFTER_TASK = 'table.tasks, p:has-text("Задач нет"), #request-sent, #route-ended';

/** The operator is on a step of a request they started: fills and completes it (the page follows the request). */
async function step(page: Page, heading: RegExp, shot: string, fill: () => Promise<void>): Promise<void> {
  await page.getByRole('heading', { name: heading }).first().waitFor({ timeout: 30_000 });
  await page.getByRole('button', { name: 'Завершить' }).waitFor();
  await fill();
  await screenshot(page, shot);
  await page.getByRole('button', { name: 'Завершить' }).click();
}

interface Person { iin: string; last: string; first: string; birth: string }

/** The operator opens «Новое заявление», starts the ЦОН route and enters the parent's and child's data (процесс 2). */
async function intake(page: Page, parent: { iin: string; name: string }, child: Person, shot: string): Promise<void> {
  await page.getByRole('link', { name: 'Новое заявление' }).click();
  const service = page.locator('ul.services li[data-key="preschool-queue-con"]');
  await service.waitFor();
  // The operator of the ЦОН is offered the ЦОН routes only (not the provider's, not the portal's).
  expect(await page.locator('ul.services li').evaluateAll((lis) => lis.map((li) => li.getAttribute('data-key')))).toEqual(['preschool-queue-con']);
  await screenshot(page, `${shot}-new-request`);
  await service.getByRole('button', { name: 'Начать' }).click();
  // процесс 1 (authorize) runs in the workers; then процесс 2 opens, taken by the operator.
  await step(page, /процесс 2 — выбор услуги/, `${shot}-intake`, async () => {
    await page.getByLabel(/ИИН заявителя/).fill(parent.iin);
    await page.getByLabel(/Фамилия, имя, отчество заявителя/).fill(parent.name);
    await page.getByLabel(/Адрес проживания/).fill('г. Семей, ул. Демонстрационная, д. 1');
    await page.getByLabel(/^Телефон/).fill('+7 722 000 00 00');
    await page.getByLabel(/Фамилия, имя, отчество ребенка/).fill(`${child.last} ${child.first}`);
    await page.getByLabel(/ИИН ребенка/).fill(child.iin);
    const [y, m, d] = child.birth.split('-');
    const date = page.getByLabel(/Дата рождения ребенка/);
    await date.fill(`${d}.${m}.${y}`);
    await date.press('Enter');
    await page.getByLabel(/Домашний адрес ребенка/).fill('г. Семей, ул. Демонстрационная, д. 1');
  });
}

/** процесс 5 (the page goes on to it once ГБД ФЛ answered): paper documents, the scan, the operator's ЭЦП; returns the request number. */
async function attachAndSign(page: Page, shot: string): Promise<string> {
  await step(page, /процесс 5 — отметка о документах/, shot, async () => {
    // ГБД ФЛ answered for the parent (процесс 3): the operator sees the registry data beside the form.
    await page.locator('#registry-data').waitFor();
    await page.getByLabel(/Документы, указанные в пункте 11 Стандарта/).check();
    const scan = join(demo.dir, 'birth-certificate.pdf');
    writeFileSync(scan, '%PDF-1.4\n% scanned birth certificate\n');
    await page.locator('#attachments').setInputFiles(scan);
    await page.locator('ul.files li').first().waitFor();
    await page.getByRole('button', { name: /Подписать ЭЦП/ }).click();
    await page.getByText(/Подписано ЭЦП/).waitFor();
  });
  // ШЭП carries the signed request to the provider, which registers it (процесс 6–7): the page names its number.
  const sent = page.locator('#request-sent');
  await sent.waitFor({ timeout: 30_000 });
  await screenshot(page, `${shot}-sent`);
  expect(await sent.locator('.status').innerText()).toBe('поступившие');
  return (await sent.locator('h2').innerText()).replace(/^.*:\s*/, '').trim();
}

Feature('Постановка на очередь в ДДО через ЦОН (город Семей)', () => {
  Scenario('the ЦОН operator files the request, the provider decides, the operator hands the result over', () => {
    let operator: Page;
    let specialist: Page;
    let errors: string[] = [];
    let number = '';
    let sent = '';
    let code = '';
    const parent = { iin: '', name: '' };
    const child: Person = { iin: '', last: '', first: '', birth: '' };

    Given('a parent of the akimat (in ГБД ФЛ) with a child comes to the ЦОН; the operator signs in', async () => {
      parent.iin = demo.login(`applicant.${TENANT}`).iin!;
      const p = await demo.app.db('registry_person').where({ iin: parent.iin }).first();
      parent.name = [p.last_name, p.first_name].filter(Boolean).join(' ');
      const row = await demo.app.db('registry_person_link').join('registry_person', 'registry_person.iin', 'registry_person_link.child_iin')
        .where('registry_person_link.parent_iin', parent.iin).first('registry_person.*');
      Object.assign(child, { iin: row.iin, last: row.last_name, first: row.first_name, birth: row.birth_date });
      operator = await demo.browser.newPage({ viewport: { width: 1280, height: 900 } });
      errors = watchPageErrors(operator);
      await signIn(operator, OPERATOR);
    });

    When('the operator starts «Новое заявление» and enters the application (процесс 1–2)', async () => {
      await intake(operator, parent, child, 'con');
    });

    And('attaches the scan and signs the request with the operator’s ЭЦП (процесс 3–5)', async () => {
      sent = await attachAndSign(operator, 'con-documents-signed');
      expect(sent).toMatch(/^SEM-\d{4}-\d{6}$/);
      // The request carries the operator's ЭЦП (not the parent's): the certificate names the operator's IIN, and the
      // signed data the parent's and child's IINs the operator entered.
      const token = await tokenOf(OPERATOR);
      const { request } = await apiGet<{ request: { processInstanceId: string } }>(token, `/api/requests/${sent}/history`);
      const signed = (await apiGet<{ value: string }>(token, `/engine-rest/process-instance/${request.processInstanceId}/variables/signedRequest`)).value;
      const der = /<(?:ds:)?X509Certificate>([^<]+)</.exec(signed)![1]!.replace(/\s+/g, '');
      expect(new X509Certificate(der).subject).toContain(`IIN${demo.login(OPERATOR).iin}`);
      expect(signed).toContain(`<applicantIin>${parent.iin}</applicantIin>`);
      expect(signed).toContain(`<childIin>${child.iin}</childIin>`);
    });

    When('ШЭП carries the request to the provider, which registers it; the specialist decides: no place, the queue (условие 2)', async () => {
      specialist = await demo.browser.newPage({ viewport: { width: 1280, height: 900 } });
      await signIn(specialist, SPECIALIST);
      number = await work(specialist, /условие 2 — проверка \(обработка\)/, 'con-provider-review', async () => {
        // The request came from the ЦОН with the data the operator entered and the scan.
        expect(await specialist.getByRole('rowheader', { name: /ИИН ребенка/ }).count()).toBe(1);
        await specialist.locator('#request-scans li', { hasText: 'birth-certificate.pdf' }).waitFor();
        await specialist.getByLabel(/^Поставить на очередь/).check();
      });
      expect(number).toBe(sent);
    });

    Then('the operator hands the signed result over (процесс 9)', async () => {
      await work(operator, /процесс 9 — выдача результата/, 'con-hand-over', async () => {
        const output = operator.locator('#output-document');
        await output.waitFor();
        const [download] = await Promise.all([operator.waitForEvent('download'), output.getByRole('button', { name: /Скачать/ }).click()]);
        // Named after the request, as the server names it, not after the document's uuid.
        expect(download.suggestedFilename()).toMatch(/^[\w-]+-SEM-\d{4}-\d{6}\.pdf$/);
        const pdf = join(demo.dir, 'queue-notice.pdf');
        await download.saveAs(pdf);
        const text = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' });
        expect(text).toContain(`${child.last} ${child.first}`);
        expect(text).toMatch(/Номер очередности: \d+/);
        code = (await output.locator('code').innerText()).trim();
        await operator.getByLabel(/Результат выдан/).check();
        await operator.getByLabel(/^Потребителю лично/).check();
      });
    });

    And('the request’s status history runs from received to completed, and the stored document verifies', async () => {
      const token = await tokenOf(OPERATOR);
      await expect.poll(async () => (await apiGet<{ request: { status: string } }>(token, `/api/requests/${number}/history`)).request.status,
        { timeout: 30_000, interval: 500 }).toBe('completed');
      const detail = await apiGet<{ request: { route: string }; history: { status: string }[]; queue: { number: number } | null }>(token, `/api/requests/${number}/history`);
      expect(detail.history.map((e) => e.status)).toEqual(['received', 'completed']);
      expect(detail.queue?.number).toBeGreaterThan(0);
      // The code the operator saw on the hand-over page is the stored document's.
      const stored = await demo.app.db('documents').where({ request_number: number }).first('verification_code', 'form');
      expect(stored).toMatchObject({ verification_code: code, form: 'preschool-queue-notice' });
      const verify = await fetch(`${demo.app.url}/api/documents/verify/${code}`).then((r) => r.json()) as { authentic: boolean };
      expect(verify.authentic).toBe(true);
      expect(errors).toEqual([]);
    });
  }, 120_000);

  Scenario('the specialist refuses with a reason: the refusal document carries it', () => {
    let operator: Page;
    let specialist: Page;
    let number = '';
    const reason = 'Не представлена справка о месте жительства ребенка';

    Given('a second parent’s request filed and signed at the ЦОН', async () => {
      const parentIin = demo.login(`applicant.${TENANT}`).iin!;
      const p = await demo.app.db('registry_person').where({ iin: parentIin }).first();
      const row = await demo.app.db('registry_person_link').join('registry_person', 'registry_person.iin', 'registry_person_link.child_iin')
        .where('registry_person_link.parent_iin', parentIin).first('registry_person.*');
      operator = await demo.browser.newPage({ viewport: { width: 1280, height: 900 } });
      await signIn(operator, OPERATOR);
      await intake(operator, { iin: parentIin, name: [p.last_name, p.first_name].join(' ') },
        { iin: row.iin, last: row.last_name, first: row.first_name, birth: row.birth_date }, 'con-refusal');
      await attachAndSign(operator, 'con-refusal-documents');
    });

    When('the specialist refuses and writes the reason', async () => {
      specialist = await demo.browser.newPage({ viewport: { width: 1280, height: 900 } });
      await signIn(specialist, SPECIALIST);
      number = await work(specialist, /условие 2 — проверка \(обработка\)/, 'con-provider-refusal', async () => {
        await specialist.getByLabel(/^Мотивированный отказ/).check();
        await specialist.getByLabel(/Причина отказа/).fill(reason);
      });
    });

    Then('the request ends refused, and the refusal PDF names the reason', async () => {
      const token = await tokenOf(OPERATOR);
      await expect.poll(async () => (await apiGet<{ request: { status: string } }>(token, `/api/requests/${number}/history`)).request.status,
        { timeout: 30_000, interval: 500 }).toBe('refused');
      // No hand-over follows a refusal: the document is found by the request number, read as staff of the akimat.
      const refusal = await demo.app.db('documents').where({ request_number: number }).first('id', 'form', 'verification_code');
      expect(refusal.form).toBe('refusal');
      const pdf = join(demo.dir, 'refusal.pdf');
      writeFileSync(pdf, Buffer.from(await (await fetch(`${demo.app.url}/api/documents/${refusal.id}/pdf`, { headers: { authorization: `Bearer ${token}` } })).arrayBuffer()));
      const text = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
      expect(text).toContain(reason);
      const verify = await fetch(`${demo.app.url}/api/documents/verify/${refusal.verification_code}`).then((r) => r.json()) as { authentic: boolean };
      expect(verify.authentic).toBe(true);
      // Nothing is left for the operator to hand over: the refusal went to the person's status.
      await operator.goto(`${demo.app.url}/web/operator.html#/tasks`);
      await operator.reload();
      await operator.locator('table.tasks, p:has-text("Задач нет")').first().waitFor();
      expect(await operator.locator('tr', { hasText: /процесс 9/ }).count()).toBe(0);
      await screenshot(operator, 'con-refusal-tasklist');
    });
  }, 90_000);

  Scenario('a person ГБД ФЛ does not know: the route ends at процесс 4 and the operator’s page says so', () => {
    let operator: Page;

    Given('someone with a well-formed IIN that is not in ГБД ФЛ comes to the ЦОН', async () => {
      const iin = syntheticIin('1985-01-01', 'female', 9990);
      expect(await demo.app.db('registry_person').where({ iin }).first()).toBeUndefined();
      operator = await demo.browser.newPage({ viewport: { width: 1280, height: 900 } });
      await signIn(operator, OPERATOR);
      await intake(operator, { iin, name: 'Неизвестная Заявительница' },
        { iin: syntheticIin('2021-02-02', 'male', 9991), last: 'Неизвестный', first: 'Ребенок', birth: '2021-02-02' }, 'con-gbd-refusal');
    });

    Then('процесс 4 ends the request: no step follows and the page names the refusal', async () => {
      const ended = operator.locator('#route-ended');
      await ended.waitFor({ timeout: 30_000 });
      expect(await ended.innerText()).toContain('процесс 4 — отказ: нет данных потребителя в ГБД ФЛ');
      await screenshot(operator, 'con-gbd-refusal-ended');
      // Nothing was sent to the provider: no request was registered.
      expect(await demo.app.db('registry_request').where({ applicant_iin: syntheticIin('1985-01-01', 'female', 9990) }).count({ n: '*' }).first()).toMatchObject({ n: 0 });
    });
  }, 60_000);
});
