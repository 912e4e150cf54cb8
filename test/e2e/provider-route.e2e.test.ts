// End to end in real Chromium: the provider route of the Zhambyl preschool queue (seed 000, рисунок 1). The parent comes
// to the отдел образования; the specialist opens «Новое заявление», registers the visit and checks the originals
// (п. 6 1)), signs in to the ИС УО (процесс 1, условие 1), fills the request and signs it with their ЭЦП (процесс 3–4,
// условие 2), processes it and decides «направление в ДДО» (процесс 6–7), checks and signs the output and hands it over.
// The НАПРАВЛЕНИЕ PDF carries the preschool number, city and street the specialist entered.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshot, watchPageErrors } from '../support/browser.js';
import { useDemoApp } from '../support/demo-app.js';
import { Feature, Scenario, Given, When, Then, And } from '../support/scenario.js';

const TENANT = 'zhambyl-sko';
const SPECIALIST = `specialist.${TENANT}`;

const demo = useDemoApp({ name: 'provider', bundle: `${TENANT}/preschool-queue`, adminPassword: 'admin-provider-e2e-password', timerPollInterval: 200 });

/**
 * The specialist is on a step of the request they started: the page follows it from step to step (the workers run in
 * between), so each step is waited for by its heading, filled and completed.
 */
async function step(page: Page, heading: RegExp, shot: string, fill: () => Promise<void>): Promise<void> {
  await page.getByRole('heading', { name: heading }).first().waitFor({ timeout: 90_000 });
  await page.getByRole('button', { name: 'Завершить' }).waitFor();
  await fill();
  await screenshot(page, shot);
  await page.getByRole('button', { name: 'Завершить' }).click();
}

Feature('Постановка на очередь в ДДО через услугодателя (Жамбылский район, seed 000)', () => {
  Scenario('the specialist takes the visit, signs the request, decides «направление в ДДО» and hands the direction over', () => {
    let page: Page;
    let errors: string[] = [];
    const parent = { iin: '', name: '' };
    const child = { iin: '', last: '', first: '', birth: '' };
    const preschool = { number: '17', name: '«Балапан»', city: 'с. Пресновка', street: 'ул. Абая, 12' };

    Given('a parent (in ГБД ФЛ) with a child comes to the отдел образования; the specialist signs in', async () => {
      parent.iin = demo.login(`applicant.${TENANT}`).iin!;
      const p = await demo.app.db('registry_person').where({ iin: parent.iin }).first();
      parent.name = [p.last_name, p.first_name, p.middle_name].filter(Boolean).join(' ');
      const row = await demo.app.db('registry_person_link').join('registry_person', 'registry_person.iin', 'registry_person_link.child_iin')
        .where('registry_person_link.parent_iin', parent.iin).first('registry_person.*');
      Object.assign(child, { iin: row.iin, last: row.last_name, first: row.first_name, birth: row.birth_date });
      page = await demo.browser.newPage({ viewport: { width: 1280, height: 900 } });
      errors = watchPageErrors(page);
      await page.goto(`${demo.app.url}/web/operator.html`);
      await page.getByLabel(/Логин/).fill(SPECIALIST);
      await page.getByLabel(/Пароль/).fill(demo.login(SPECIALIST).password);
      await page.getByRole('button', { name: /^Войти$/ }).click();
      await page.locator('table.tasks, p:has-text("Задач нет")').first().waitFor();
    });

    When('the specialist starts «Новое заявление» and registers the visit, the originals checked (п. 6 1))', async () => {
      await page.getByRole('link', { name: 'Новое заявление' }).click();
      const service = page.locator('ul.services li[data-key="preschool-queue-provider"]');
      await service.waitFor();
      // The specialist of the услугодатель is offered the provider route only.
      expect(await page.locator('ul.services li').evaluateAll((lis) => lis.map((li) => li.getAttribute('data-key')))).toEqual(['preschool-queue-provider']);
      await screenshot(page, 'provider-new-request');
      await service.getByRole('button', { name: 'Начать' }).click();
      await step(page, /Регистрация обращения/, 'provider-intake', async () => {
        await page.getByLabel(/^Заявление/).check();
        await page.getByLabel(/^Свидетельство о рождении ребенка/).check();
        await page.getByLabel(/Подлинность документов/).check();
      });
    });

    And('signs in to the ИС УО: the step takes the page’s session, never shows the token (процесс 1, условие 1)', async () => {
      await step(page, /процесс 1 — ввод ИИН и пароля/, 'provider-sign-in', async () => {
        await page.locator('#session-note').waitFor();
        expect(await page.getByLabel(/Сеанс входа/).count()).toBe(0);
        const token = await page.evaluate(() => sessionStorage.getItem('reglament.token'));
        expect(await page.locator('main').innerText()).not.toContain(token);
      });
    });

    And('fills the request with the parent’s and child’s data (процесс 3)', async () => {
      await step(page, /процесс 3 — заполнение формы запроса/, 'provider-application', async () => {
        await page.getByLabel(/Фамилия ребенка/).fill(child.last);
        await page.getByLabel(/Имя ребенка/).fill(child.first);
        await page.getByLabel(/ИИН ребенка/).fill(child.iin);
        const [y, m, d] = child.birth.split('-');
        const date = page.getByLabel(/Дата рождения ребенка/);
        await date.fill(`${d}.${m}.${y}`);
        await date.press('Enter');
        await page.getByLabel(/свидетельства о рождении/).fill('I-ЖА 654321');
        await page.getByLabel(/ИИН родителя/).fill(parent.iin);
        await page.getByLabel(/Ф.И.О. родителя/).fill(parent.name);
        await page.getByLabel(/Домашний адрес/).fill('с. Пресновка, ул. Демонстрационная, д. 1');
        await page.getByLabel(/Телефон/).fill('+7 715 000 00 00');
        await page.getByLabel(/^Заявление/).check();
        await page.getByLabel(/Свидетельство о рождении ребенка/).check();
      });
    });

    And('signs it with the specialist’s ЭЦП (процесс 4): условие 2 checks the specialist’s IIN and registers the request', async () => {
      await step(page, /процесс 4 — подписание запроса ЭЦП/, 'provider-signing', async () => {
        await page.getByRole('button', { name: /Подписать ЭЦП/ }).click();
        await page.getByText(/Подписано ЭЦП/).waitFor();
      });
    });

    When('the specialist processes the request (процесс 6) and decides: направление в ДДО (процесс 7)', async () => {
      await step(page, /процесс 6 — обработка/, 'provider-processing', async () => {
        // Registered with a number (процесс 6) and signed by a certificate that passed условие 2.
        await page.getByRole('rowheader', { name: /Номер заявления/ }).waitFor();
        expect(await page.getByRole('row', { name: /ЭЦП подтверждена/ }).innerText()).toContain('✓');
        await page.getByLabel(/Документы проверены/).check();
        await page.getByLabel(/Заявление принято в работу/).check();
      });
      await step(page, /процесс 7 — формирование результата/, 'provider-decision', async () => {
        await page.getByLabel(/^Направление в детскую дошкольную организацию/).check();
        await page.getByLabel(/Дошкольная организация №/).fill(preschool.number);
        await page.getByLabel(/Наименование дошкольной организации/).fill(preschool.name);
        await page.getByLabel(/Город \(поселок\)/).fill(preschool.city);
        await page.getByLabel(/Улица, дом/).fill(preschool.street);
      });
    });

    And('checks the generated direction and signs it with their ЭЦП', async () => {
      await step(page, /Создание выходного документа/, 'provider-output', async () => {
        await page.locator('#output-document').waitFor();
        await page.getByLabel(/Выходной документ проверен/).check();
      });
      await step(page, /Подписание выходного документа/, 'provider-output-signing', async () => {
        await page.getByRole('button', { name: /Подписать ЭЦП/ }).click();
        await page.getByText(/Подписано ЭЦП/).waitFor();
      });
    });

    Then('hands the direction over: the PDF carries the preschool number, city and street, and verifies', async () => {
      let code = '';
      let text = '';
      await step(page, /выдача результата нарочно/, 'provider-hand-over', async () => {
        const output = page.locator('#output-document');
        await output.waitFor();
        const [download] = await Promise.all([page.waitForEvent('download'), output.getByRole('button', { name: /Скачать/ }).click()]);
        const pdf = join(demo.dir, 'direction.pdf');
        await download.saveAs(pdf);
        text = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' });
        code = (await output.locator('code').innerText()).trim();
        await page.getByLabel(/^Нарочно/).check();
        await page.getByLabel(/Результат выдан получателю/).check();
      });
      expect(text).toMatch(/НАПРАВЛЕНИЕ/);
      expect(text).toContain(preschool.number);
      expect(text).toContain(preschool.city);
      expect(text).toContain(preschool.street);
      expect(text).toContain(`${child.last} ${child.first}`);
      const verify = await fetch(`${demo.app.url}/api/documents/verify/${code}`).then((r) => r.json()) as { authentic: boolean };
      expect(verify.authentic).toBe(true);
      // The route ends once the hand-over is registered (document-deliver): the page names the end.
      await page.locator('#route-ended').waitFor({ timeout: 30_000 });
      expect(await page.locator('#route-ended').innerText()).toContain('результат оказания услуги выдан');
      await screenshot(page, 'provider-route-ended');
      const number = (await demo.app.db('documents').where({ verification_code: code }).first('request_number')).request_number as string;
      const res = await fetch(`${demo.app.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: SPECIALIST, password: demo.login(SPECIALIST).password }) });
      const token = ((await res.json()) as { token: string }).token;
      await expect.poll(async () => {
        const detail = await fetch(`${demo.app.url}/api/requests/${number}/history`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.json()) as { history: { status: string }[] };
        return detail.history.map((e) => e.status);
      }, { timeout: 30_000, interval: 500 }).toEqual(expect.arrayContaining(['received', 'in-progress', 'completed']));
      expect(errors).toEqual([]);
    });
  }, 300_000);
});
