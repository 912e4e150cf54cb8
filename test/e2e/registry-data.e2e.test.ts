// ГБД ФЛ at the ЦОН operator's desk, in real Chromium (issue 18, item 6), on the Semey preschool-queue ЦОН route: the
// operator types the parent's name with a mistake and another address (процесс 2); at процесс 5 the registry's answer
// shows labelled fields with dd.mm.yyyy dates and «женский», the differing rows are marked, and «Взять из ГБД ФЛ» puts
// the registry's name into the request, which the operator signs and sends.
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { screenshot, watchPageErrors } from '../support/browser.js';
import { useDemoApp } from '../support/demo-app.js';
import { Feature, Scenario, Given, When, Then, And } from '../support/scenario.js';

const TENANT = 'semey';
const OPERATOR = `operator.${TENANT}`;
const demo = useDemoApp({ name: 'registry-data', bundle: `${TENANT}/preschool-queue`, adminPassword: 'admin-e2e-password' });

async function step(page: Page, heading: RegExp, fill: () => Promise<void>): Promise<void> {
  await page.getByRole('heading', { name: heading }).first().waitFor({ timeout: 30_000 });
  await page.getByRole('button', { name: 'Завершить' }).waitFor();
  await fill();
  await page.getByRole('button', { name: 'Завершить' }).click();
}

const dmy = (ymd: string) => ymd.split('-').reverse().join('.');

Feature('Данные ГБД ФЛ у оператора ЦОН: подписи полей, даты дд.мм.гггг, расхождения', () => {
  Scenario('the registry disagrees with the typed name and address; the operator takes the registry’s name', () => {
    let page: Page;
    let errors: string[] = [];
    const parent = { iin: '', last: '', first: '', middle: '', birth: '', address: '' };
    const child = { iin: '', last: '', first: '', birth: '' };

    Given('a parent known to ГБД ФЛ comes to the ЦОН; the operator signs in', async () => {
      parent.iin = demo.login(`applicant.${TENANT}`).iin!;
      const p = await demo.app.db('registry_person').where({ iin: parent.iin }).first();
      Object.assign(parent, { last: p.last_name, first: p.first_name, middle: p.middle_name ?? '', birth: p.birth_date, address: p.address });
      expect(p.sex).toBe('female');
      const c = await demo.app.db('registry_person_link').join('registry_person', 'registry_person.iin', 'registry_person_link.child_iin')
        .where('registry_person_link.parent_iin', parent.iin).first('registry_person.*');
      Object.assign(child, { iin: c.iin, last: c.last_name, first: c.first_name, birth: c.birth_date });
      page = await demo.browser.newPage({ viewport: { width: 1366, height: 768 } });
      errors = watchPageErrors(page);
      await page.goto(`${demo.app.url}/web/operator.html`);
      await page.getByLabel(/Логин/).fill(OPERATOR);
      await page.getByLabel(/Пароль/).fill(demo.login(OPERATOR).password);
      await page.getByRole('button', { name: /^Войти$/ }).click();
      await page.locator('table.tasks, p:has-text("Задач нет")').first().waitFor();
    });

    When('the operator enters the application with a misspelt surname and another address (процесс 2)', async () => {
      await page.getByRole('link', { name: 'Новое заявление' }).click();
      await page.locator('ul.services li[data-key="preschool-queue-con"]').getByRole('button', { name: 'Начать' }).click();
      await step(page, /процесс 2 — выбор услуги/, async () => {
        await page.getByLabel(/ИИН заявителя/).fill(parent.iin);
        await page.getByLabel(/Фамилия, имя, отчество заявителя/).fill(`${parent.last}а ${parent.first}`);
        await page.getByLabel(/Адрес проживания/).fill('г. Семей, ул. Другая, д. 99');
        await page.getByLabel(/^Телефон/).fill('+7 722 000 00 00');
        await page.getByLabel(/Фамилия, имя, отчество ребенка/).fill(`${child.last} ${child.first}`);
        await page.getByLabel(/ИИН ребенка/).fill(child.iin);
        const date = page.getByLabel(/Дата рождения ребенка/);
        await date.fill(dmy(child.birth));
        await date.press('Enter');
        await page.getByLabel(/Домашний адрес ребенка/).fill('г. Семей, ул. Другая, д. 99');
      });
    });

    Then('at процесс 5 the ГБД ФЛ answer is labelled, dated dd.mm.yyyy, and marks the name and the address', async () => {
      await page.getByRole('heading', { name: /процесс 5 — отметка о документах/ }).waitFor({ timeout: 30_000 });
      const registry = page.locator('#registry-data');
      await registry.waitFor();
      const row = (field: string) => registry.locator(`tr[data-field="${field}"]`);
      expect(await row('iin').locator('th').innerText()).toBe('ИИН');
      expect(await row('birthDate').locator('th').innerText()).toBe('Дата рождения');
      expect(await row('birthDate').locator('td.registry-value').innerText()).toBe(dmy(parent.birth));
      expect(await row('sex').locator('td.registry-value').innerText()).toBe('женский');
      expect(await row('lastName').locator('td.registry-value').innerText()).toBe(parent.last);
      expect(await row('iin').getAttribute('class')).not.toContain('mismatch');
      expect(await row('fullName').getAttribute('class')).toContain('mismatch');
      expect(await row('address').getAttribute('class')).toContain('mismatch');
      expect(await registry.locator('#registry-mismatch').innerText()).toBe('Расхождений с ГБД ФЛ: 2');
      // No raw keys nor ISO dates nor English values.
      const text = await registry.innerText();
      expect(text).not.toMatch(/\b(female|male|birthDate|lastName)\b|\d{4}-\d{2}-\d{2}/);
      // The application data shows its dates the same way.
      expect(await page.getByRole('row', { name: /Дата рождения ребенка/ }).locator('td').innerText()).toBe(dmy(child.birth));
      await screenshot(page, 'registry-data-mismatch');
    });

    And('«Взять из ГБД ФЛ» puts the registry’s name into the request; the operator signs and sends it', async () => {
      const registry = page.locator('#registry-data');
      await registry.locator('tr[data-field="fullName"]').getByRole('button', { name: 'Взять из ГБД ФЛ' }).click();
      await expect.poll(() => registry.locator('tr[data-field="fullName"]').getAttribute('class')).not.toContain('mismatch');
      expect(await registry.locator('#registry-mismatch').innerText()).toBe('Расхождений с ГБД ФЛ: 1');
      await page.getByLabel(/Документы, указанные в пункте 11 Стандарта/).check();
      const scan = join(demo.dir, 'scan.pdf');
      writeFileSync(scan, '%PDF-1.4\n% scan\n');
      await page.locator('#attachments').setInputFiles(scan);
      await page.locator('ul.files li').first().waitFor();
      await page.getByRole('button', { name: /Подписать ЭЦП/ }).click();
      await page.getByText(/Подписано ЭЦП/).waitFor();
      await page.getByRole('button', { name: 'Завершить' }).click();
      await page.locator('#request-sent').waitFor({ timeout: 30_000 });
      const number = (await page.locator('#request-sent h2').innerText()).replace(/^.*:\s*/, '').trim();
      const request = await demo.app.db('registry_request').where({ number }).first('process_instance_id');
      const instance = await demo.app.db('engine_instance').where({ id: request.process_instance_id }).first('variables');
      const full = [parent.last, parent.first, parent.middle].filter(Boolean).join(' ');
      expect(instance.variables).toContain(full);
      // The signed request carries the corrected name, not the typed one.
      expect(instance.variables).toContain(`<applicantFullName>${full}</applicantFullName>`);
      expect(errors).toEqual([]);
    });
  }, 300_000);
});
