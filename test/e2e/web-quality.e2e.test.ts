// End to end in real Chromium: what every page owes a person beyond its function. The Қаз switch turns each page
// Kazakh; the sign-in form, the tasklist filters and a task form work with the keyboard alone and have labels; a
// submit that fails (network down) says so in the page's language and keeps every value, and the retry succeeds;
// overdue tasks are highlighted and the supervisor sees them per specialist, with the breaches the escalation worker
// recorded. Screenshots (the Kazakh ones as *-kk.png) go to test-artifacts/screenshots/.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { recordOverdue } from '../../src/registry/overdue.js';
import { screenshot, watchPageErrors } from '../support/browser.js';
import { useDemoApp } from '../support/demo-app.js';
import { Feature, Scenario, Given, When, Then, And } from '../support/scenario.js';

const ADMIN = { user: 'admin', password: 'admin-quality-e2e' };
const TENANT = 'zhambyl-sko';
const SPECIALIST = `specialist.${TENANT}`;

const demo = useDemoApp({ name: 'quality', bundle: `${TENANT}/preschool-queue`, adminPassword: ADMIN.password, workers: false });

async function tokenOf(body: Record<string, string>): Promise<string> {
  const res = await fetch(`${demo.app.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return ((await res.json()) as { token: string }).token;
}

async function rest<T>(token: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${demo.app.url}/engine-rest${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status} ${await res.text()}`);
  return (res.status === 204 ? null : await res.json()) as T;
}

/** Keeps the page's screenshot and checks nothing sticks out sideways (a page a person would have to scroll). */
async function shot(page: Page, name: string): Promise<void> {
  await screenshot(page, name);
  const { scroll, viewport } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, viewport: window.innerWidth }));
  expect(scroll, `${name} is wider than the window`).toBeLessThanOrEqual(viewport);
}

/** Presses Tab until the focused element matches, as a keyboard user would; fails when it is not reachable. */
async function tabTo(page: Page, matches: (el: Element) => boolean, max = 60): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(`(${matches.toString()})(document.activeElement)`)) return;
  }
  throw new Error(`not reachable by Tab: ${matches.toString()}`);
}

/** Signs in with the keyboard only: the login field has focus, Tab to the password, Enter submits. */
async function keyboardSignIn(page: Page, path: string, username: string, password: string): Promise<void> {
  await page.goto(`${demo.app.url}${path}`);
  await page.locator('#username').waitFor();
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('username');
  await page.keyboard.type(username);
  await page.keyboard.press('Tab');
  await page.keyboard.type(password);
  await page.keyboard.press('Enter');
}

Feature('Качество веб-страниц: казахский язык, клавиатура, ошибки, просрочки', () => {
  Scenario('every page speaks Kazakh, works from the keyboard and keeps a failed submit', () => {
    let staffToken = '';
    let instanceId = '';
    let kk: BrowserContext;
    let ru: BrowserContext;
    let page: Page;
    let errors: string[] = [];
    let taskId = '';

    Given('a request on the provider route, registered by the specialist, and one of its steps overdue', async () => {
      staffToken = await tokenOf({ username: SPECIALIST, password: demo.login(SPECIALIST).password });
      const instance = await rest<{ id: string }>(staffToken, `/process-definition/key/preschool-queue-provider/tenant-id/${TENANT}/start`, { variables: {
        requestNumber: { type: 'String', value: 'ZHM-2026-000777' },
      } });
      instanceId = instance.id;
      const [task] = await rest<{ id: string; assignee: string }[]>(staffToken, `/task?processInstanceId=${instanceId}`);
      taskId = task!.id;
      expect(task!.assignee).toBe(SPECIALIST);
    });

    When('a person switches to Қаз, every page is Kazakh', async () => {
      kk = await demo.browser.newContext({ viewport: { width: 1280, height: 800 } });
      page = await kk.newPage();
      errors = watchPageErrors(page);
      await page.goto(`${demo.app.url}/web/`);
      await page.getByRole('button', { name: 'Қаз' }).click();
      await page.getByText('Электрондық үкімет порталы').waitFor();
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('kk');
      expect(await page.getByRole('button', { name: 'Қаз' }).getAttribute('aria-pressed')).toBe('true');
      await shot(page, 'index-kk');

      await page.goto(`${demo.app.url}/web/portal.html`);
      await page.getByRole('button', { name: 'Кіру', exact: true }).waitFor();
      expect(await page.getByLabel('Логин немесе ЖСН').count()).toBe(1);
      expect(await page.getByLabel('Құпиясөз').count()).toBe(1);
      await shot(page, 'portal-login-kk');
      await page.getByRole('link', { name: 'Тіркелу' }).first().click();
      await page.getByLabel('Әкімдік').waitFor();
      await shot(page, 'portal-register-kk');
      const applicant = demo.login(`applicant.${TENANT}`);
      await page.goto(`${demo.app.url}/web/portal.html#/login`);
      await page.getByLabel('Логин немесе ЖСН').fill(applicant.iin!);
      await page.getByLabel('Құпиясөз').fill(applicant.password);
      await page.getByRole('button', { name: 'Кіру', exact: true }).click();
      await page.getByRole('link', { name: 'Өтініш беру' }).first().waitFor();
      expect(await page.locator('h1').innerText()).toBe('Электрондық үкімет порталы');
      // The service is named from its manifest's Kazakh title.
      expect(await page.locator('ul.services li').first().innerText()).toMatch(/^Мектепке дейінгі балалар ұйымдарына .+ — ЭҮП арқылы/);
      await shot(page, 'portal-services-kk');
      await page.getByRole('link', { name: 'Қызмет алу тарихы' }).click();
      await page.getByRole('heading', { name: 'Қызмет алу тарихы' }).waitFor();
      await page.getByRole('button', { name: 'Шығу' }).click();
      await page.getByRole('button', { name: 'Кіру', exact: true }).waitFor();

      await page.goto(`${demo.app.url}/web/operator.html#/login`);
      await page.getByLabel('Логин немесе ЖСН').fill(SPECIALIST);
      await page.getByLabel('Құпиясөз').fill(demo.login(SPECIALIST).password);
      await page.getByRole('button', { name: 'Кіру', exact: true }).click();
      await page.locator('table.tasks').waitFor();
      expect(await page.locator('table.tasks thead').innerText()).toMatch(/Тапсырма\s+Қызмет\s+Бағыт\s+Мерзім\s+Орындаушы/);
      expect(await page.getByLabel('Мәртебе').count()).toBe(1);
      await shot(page, 'operator-tasklist-kk');
      await page.goto(`${demo.app.url}/web/operator.html#/task/${taskId}`);
      await page.getByRole('button', { name: 'Аяқтау' }).waitFor();
      await page.getByRole('heading', { name: 'Өтініш деректері' }).waitFor();
      // The application data is named, in Kazakh, not by variable keys alone.
      await page.getByRole('rowheader', { name: /Өтініш нөмірі/ }).waitFor();
      await shot(page, 'operator-task-kk');
      // A clear error in Kazakh, with the server's detail after it.
      await page.goto(`${demo.app.url}/web/operator.html#/task/00000000-0000-0000-0000-000000000000`);
      await page.locator('.error').waitFor();
      expect(await page.locator('.error').innerText()).toMatch(/^Табылмады немесе қолжетімділік жоқ \(404\): /);
      await shot(page, 'operator-error-kk');
      // The browser logs the deliberate 404 itself; nothing else may have gone wrong.
      errors.splice(0, errors.length, ...errors.filter((e) => !/status of 404/.test(e)));
      await page.getByRole('button', { name: 'Шығу' }).click();
      await page.locator('#username').waitFor();

      await page.goto(`${demo.app.url}/web/analyst.html#/login`);
      await page.getByLabel('Логин немесе ЖСН').fill(ADMIN.user);
      await page.getByLabel('Құпиясөз').fill(ADMIN.password);
      await page.getByRole('button', { name: 'Кіру', exact: true }).click();
      await page.getByRole('heading', { name: new RegExp(`^Әкімдік: .+ \\(${TENANT}\\)$`) }).waitFor();
      expect(await page.locator('table.tasks thead').first().innerText()).toMatch(/Бағыт\s+Нұсқалар\s+Қолданылады\s+Белсенді/);
      await shot(page, 'analyst-kk');
      await page.getByRole('link', { name: 'Пакетті орналастыру (файлдар)' }).click();
      await page.getByLabel(/Файлдар: manifest\.json/).waitFor();
      await shot(page, 'analyst-upload-kk');
      expect(errors).toEqual([]);
      await kk.close();
    });

    When('the specialist signs in with a wrong password, then with ЭЦП (the demo signer standing in for NCALayer)', async () => {
      ru = await demo.browser.newContext({ viewport: { width: 1280, height: 800 } });
      page = await ru.newPage();
      errors = watchPageErrors(page);
      await keyboardSignIn(page, '/web/operator.html', SPECIALIST, 'not-the-password');
      await page.locator('.error').waitFor();
      expect(await page.locator('.error').innerText()).toMatch(/^Не удалось войти: неверный логин, пароль или подпись, либо сессия истекла \(401\): /);
      // The form keeps what was typed.
      expect(await page.getByLabel('Логин или ИИН').inputValue()).toBe(SPECIALIST);
      await shot(page, 'operator-login-failed');
      await page.getByLabel('Логин или ИИН').fill(demo.login(SPECIALIST).iin!);
      // The demo signer, like NCALayer, opens the key only with its password (the account's, in the demo).
      await page.locator('#password').fill(demo.login(SPECIALIST).password);
      await page.getByRole('button', { name: 'Войти с ЭЦП' }).click();
      await page.locator('table.tasks').waitFor();
      await page.getByRole('button', { name: 'Выйти' }).click();
      await page.locator('#username').waitFor();
      errors.splice(0, errors.length, ...errors.filter((e) => !/status of 401/.test(e)));
    });

    And('signs in with the keyboard alone and filters the tasklist', async () => {
      await keyboardSignIn(page, '/web/operator.html', SPECIALIST, demo.login(SPECIALIST).password);
      await page.locator('table.tasks').waitFor();
      const row = page.locator(`tr[data-task-id="${taskId}"]`);
      expect(await row.locator('td.number').innerText()).toBe('ZHM-2026-000777');
      expect(await page.getByLabel('Статус').count()).toBe(1);
      await tabTo(page, (el) => el.id === 'filter-status');
      await page.keyboard.press('ArrowDown'); // «Взятые мной»
      await page.waitForURL(/status=claimed/);
      await page.locator(`tr[data-task-id="${taskId}"]`).waitFor();
      expect(await page.locator('#filter-status').inputValue()).toBe('claimed');
      // The registration step's limit is 30 minutes: within 5 working days whenever the test runs.
      await tabTo(page, (el) => el.id === 'filter-due');
      await page.keyboard.press('ArrowDown'); // «Истекает сегодня»
      await page.waitForURL(/due=today/);
      // The list re-renders: the new select shows the choice and does not hold the focus.
      await page.waitForFunction(() => { const el = document.querySelector<HTMLSelectElement>('#filter-due'); return el?.value === 'today' && document.activeElement !== el; });
      await page.locator('.bar .brand').focus();
      await tabTo(page, (el) => el.id === 'filter-due');
      await page.keyboard.press('ArrowDown'); // «В течение 5 раб. дней»
      await page.waitForURL(/due=week/);
      await page.locator(`tr[data-task-id="${taskId}"]`).waitFor();
      await shot(page, 'operator-tasklist-filtered');
    });

    And('opens the task and fills its form with Tab, Space and typing', async () => {
      await tabTo(page, (el) => el.getAttribute('href')?.includes('#/task/') === true);
      await page.keyboard.press('Enter');
      await page.getByRole('button', { name: 'Завершить' }).waitFor();
      // Completing too early names what is missing, and moves the focus there.
      await page.locator('#complete').focus();
      await page.keyboard.press('Enter');
      await page.locator('.error').waitFor();
      expect(await page.locator('.error').innerText()).toMatch(/^Заполните обязательные поля: .*Подлинность документов \(оригиналов\) проверена/);
      // form-js's own marks under the fields are in Russian too, and the focus is on the first field to fix.
      await expect.poll(() => page.locator('.fjs-form-field-error').first().innerText()).toBe('Обязательное поле.');
      await expect.poll(() => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.type)).toBe('checkbox');
      await shot(page, 'operator-task-missing-fields');
      // From the top of the page again, by Tab.
      await page.locator('.bar .brand').focus();
      await tabTo(page, (el) => (el as HTMLInputElement).type === 'checkbox');
      // The checklist of received documents, then the two confirmations.
      const checkboxes = await page.locator('.form-box input[type=checkbox]').count();
      expect(checkboxes).toBeGreaterThanOrEqual(3);
      await page.keyboard.press('Space');
      await tabTo(page, (el) => el.closest('.fjs-form-field')?.textContent?.includes('Подлинность документов') === true && (el as HTMLInputElement).type === 'checkbox');
      await page.keyboard.press('Space');
      await tabTo(page, (el) => el.tagName === 'TEXTAREA');
      await page.keyboard.type('Оригиналы сверены; копия свидетельства приложена.');
      const scan = join(demo.dir, 'scan.pdf');
      writeFileSync(scan, '%PDF-1.4\n% scanned\n');
      await page.getByLabel(/Сканированные документы/).setInputFiles(scan);
      await page.locator('ul.files li').first().waitFor();
      expect(await page.getByLabel(/Подлинность документов/).isChecked()).toBe(true);
    });

    When('the network drops as they complete the task', async () => {
      await page.route('**/engine-rest/task/*/complete', (route) => route.abort('internetdisconnected'));
      await tabTo(page, (el) => el.id === 'complete');
      await page.keyboard.press('Enter');
      await page.locator('.error').waitFor();
    });

    Then('the page says so in Russian and every value is still there', async () => {
      expect(await page.locator('.error').innerText()).toBe('Сервер недоступен. Данные формы сохранены, повторите отправку.');
      expect(await page.getByLabel(/Подлинность документов/).isChecked()).toBe(true);
      expect(await page.locator('.form-box textarea').inputValue()).toBe('Оригиналы сверены; копия свидетельства приложена.');
      expect(await page.locator('ul.files li').count()).toBe(1);
      await shot(page, 'operator-submit-failed');
      errors.splice(0, errors.length, ...errors.filter((e) => !/ERR_INTERNET_DISCONNECTED/.test(e)));
    });

    And('the retry succeeds and stores the values and the scan', async () => {
      await page.unroute('**/engine-rest/task/*/complete');
      await page.locator('#complete').focus();
      await page.keyboard.press('Enter');
      await page.locator('table.tasks, p:has-text("Задач нет")').first().waitFor();
      const vars = await rest<Record<string, { type: string; value: unknown; valueInfo?: { filename?: string } }>>(staffToken, `/process-instance/${instanceId}/variables`);
      expect(vars.originalsVerified?.value).toBe(true);
      expect(vars.intakeNote?.value).toBe('Оригиналы сверены; копия свидетельства приложена.');
      expect(vars.attachment1?.valueInfo?.filename).toBe('scan.pdf');
      const data = await fetch(`${demo.app.url}/engine-rest/process-instance/${instanceId}/variables/attachment1/data`, { headers: { authorization: `Bearer ${staffToken}` } });
      expect(await data.text()).toBe('%PDF-1.4\n% scanned\n');
    });

    When('a step is past its due date and the escalation worker has recorded the breach', async () => {
      const [next] = await rest<{ id: string; taskDefinitionKey: string }[]>(staffToken, `/task?processInstanceId=${instanceId}`);
      expect(next).toBeDefined();
      await rest(staffToken, `/task/${next!.id}/claim`, { userId: SPECIALIST });
      await demo.app.db('engine_user_task').where({ id: next!.id }).update({ due: Date.now() - 3600_000 });
      await recordOverdue(demo.app.db, {
        tenantId: TENANT, processInstanceId: instanceId, requestNumber: 'ZHM-2026-000777', step: 'процесс 6',
        elementId: next!.taskDefinitionKey, escalationActivityId: `${next!.taskDefinitionKey}-escalate`, dueAt: new Date(Date.now() - 3600_000),
      });
      taskId = next!.id;
    });

    Then('the tasklist highlights it, and the akimat’s supervisor sees it under the specialist', async () => {
      await page.goto(`${demo.app.url}/web/operator.html#/tasks?status=overdue`);
      await page.reload();
      const row = page.locator(`tr[data-task-id="${taskId}"]`);
      await row.waitFor();
      expect(await row.getAttribute('class')).toContain('overdue');
      expect(await row.innerText()).toMatch(/просрочено: 1 ч \d+ мин/);
      await shot(page, 'operator-tasklist-overdue');
      // The supervisor of the akimat, signed in on their own.
      await page.getByRole('button', { name: 'Выйти' }).click();
      await page.locator('#username').waitFor();
      await keyboardSignIn(page, '/web/operator.html', `supervisor.${TENANT}`, demo.login(`supervisor.${TENANT}`).password);
      await page.locator('table.tasks').waitFor();
      await page.getByRole('link', { name: 'Просроченные шаги по специалистам' }).click();
      const line = page.locator('table.supervisor tr', { hasText: SPECIALIST });
      await line.waitFor();
      expect(await line.locator('td').nth(1).innerText()).toBe('1');
      expect(await line.innerText()).toMatch(/№ ZHM-2026-000777 · .+ — Срок: .+ · эскалация/);
      await shot(page, 'operator-supervisor');
      expect(errors).toEqual([]);
      await ru.close();
    });
  }, 240_000);
});
