// The operator's tasklist on a busy day, in real Chromium (issue 18, item 8): 23 open requests of the provider route,
// 20 to a page with a pager; the service filter names the service by its title; the search finds a request by its
// number (any part), by an IIN in its data, and by a name typed in lower case.
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { registerRequest } from '../../src/registry/index.js';
import { screenshot, watchPageErrors } from '../support/browser.js';
import { useDemoApp } from '../support/demo-app.js';
import { Feature, Scenario, Given, When, Then, And } from '../support/scenario.js';

const demo = useDemoApp({ name: 'operator-tasklist', bundle: 'zhambyl-sko/preschool-queue', adminPassword: 'admin-e2e-password' });
const TITLE = 'Постановка на очередь детей дошкольного возраста (до 7 лет) для направления в детские дошкольные организации';
const REQUESTS = 23;

async function rest<T>(path: string, token: string, body?: unknown): Promise<T> {
  const res = await fetch(`${demo.app.url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status} ${await res.text()}`);
  return res.json() as Promise<T>;
}

const rows = (page: Page) => page.locator('table.tasks tbody tr');

async function search(page: Page, q: string): Promise<string[]> {
  await page.getByLabel('Поиск').fill(q);
  await page.getByRole('button', { name: 'Найти' }).click();
  await expect.poll(() => page.evaluate(() => decodeURIComponent(location.hash))).toContain(`q=${q}`);
  await page.locator('table.tasks, p:has-text("Ничего не найдено")').first().waitFor();
  return rows(page).locator('td.number').allInnerTexts();
}

Feature('Список задач специалиста: поиск, страницы, услуги по названию', () => {
  Scenario('23 requests of the day: pages of 20, filter by the service title, search by number, IIN and name', () => {
    let page: Page;
    let errors: string[] = [];
    let number = '';
    const special = { childLastName: 'Жумабаева', childFirstName: 'Аружан', childIin: '180512600034', applicantIin: '870101400129' };

    Given('the specialist has started 23 requests at the desk, one of them registered', async () => {
      const login = await rest<{ token: string }>('/api/auth/login', '', { username: 'specialist.zhambyl-sko', password: demo.login('specialist.zhambyl-sko').password });
      const ids: string[] = [];
      for (let i = 0; i < REQUESTS; i++) {
        const data = i === 7 ? special : { childLastName: `Тестов${i}`, childFirstName: 'Ребенок', childIin: `1903056000${String(i).padStart(2, '0')}`, applicantIin: `8701014000${String(i).padStart(2, '0')}` };
        const variables = Object.fromEntries(Object.entries(data).map(([k, v]) => [k, { type: 'String', value: v }]));
        const started = await rest<{ id: string }>('/engine-rest/process-definition/key/preschool-queue-provider/tenant-id/zhambyl-sko/start', login.token, { variables });
        ids.push(started.id);
      }
      // The number the register-request worker would give it at процесс 6.
      number = (await registerRequest(demo.app.db, { tenantId: 'zhambyl-sko', service: 'preschool-queue', route: 'provider', processInstanceId: ids[7]!, applicantIin: special.applicantIin })).number;
      page = await demo.browser.newPage({ viewport: { width: 1366, height: 768 } });
      errors = watchPageErrors(page);
      await page.goto(`${demo.app.url}/web/operator.html`);
      await page.getByLabel(/Логин/).fill('specialist.zhambyl-sko');
      await page.getByLabel(/Пароль/).fill(demo.login('specialist.zhambyl-sko').password);
      await page.getByRole('button', { name: /^Войти$/ }).click();
      await page.locator('table.tasks').waitFor();
    });

    Then('the list shows 20 of them and a pager to the other 3', async () => {
      await expect.poll(() => rows(page).count()).toBe(20);
      expect(await page.locator('#page-info').innerText()).toBe(`1–20 из ${REQUESTS}`);
      await screenshot(page, 'operator-tasklist-page-1');
      await page.getByRole('link', { name: /Далее/ }).click();
      await expect.poll(() => rows(page).count()).toBe(REQUESTS - 20);
      expect(await page.locator('#page-info').innerText()).toBe(`21–${REQUESTS} из ${REQUESTS}`);
      await page.getByRole('link', { name: /Назад/ }).click();
      await expect.poll(() => rows(page).count()).toBe(20);
    });

    And('the service filter names the service by its title', async () => {
      const options = await page.locator('#filter-service option').allInnerTexts();
      expect(options).toContain(TITLE);
      expect(options.join('|')).not.toContain('preschool-queue');
      await page.locator('#filter-service').selectOption({ label: TITLE });
      await expect.poll(() => page.evaluate(() => location.hash)).toContain('service=preschool-queue');
      await expect.poll(() => rows(page).count()).toBe(20);
    });

    When('they search by a part of the request number', async () => {
      expect(await search(page, number.slice(-6))).toEqual([number]);
      await screenshot(page, 'operator-tasklist-search-number');
    });

    Then('by the child’s IIN and by the applicant’s', async () => {
      expect(await search(page, special.childIin)).toEqual([number]);
      expect(await search(page, special.applicantIin)).toEqual([number]);
    });

    And('by the child’s name typed in lower case; a name nobody has finds nothing', async () => {
      expect(await search(page, 'жумабаева')).toEqual([number]);
      expect(await search(page, 'Несуществующая')).toEqual([]);
      expect(await page.getByText('Ничего не найдено').count()).toBe(1);
      await page.getByRole('link', { name: 'Сбросить поиск' }).click();
      await expect.poll(() => rows(page).count()).toBe(20);
      expect(errors).toEqual([]);
    });
  }, 300_000);
});
