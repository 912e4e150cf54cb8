// The specialist's desk in real Chromium (issue 18, items 7 and 11): the page is named for who works at it; a skip
// link; focus on the new screen's heading after each change; a review step with a limit of 3 working days counts down
// in working days from its own deadline; completing a step is confirmed on the screen that follows; at 390 px the
// task list is a column of cards no wider than the screen, and every control is at least 24 × 24 px.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { workingDaysBetween } from '../../src/calendar/index.js';
import { screenshot, watchPageErrors } from '../support/browser.js';
import { useDemoApp } from '../support/demo-app.js';
import { Feature, Scenario, Given, When, Then, And } from '../support/scenario.js';

const demo = useDemoApp({ name: 'desk-focus', bundle: 'zhambyl-sko/preschool-queue', adminPassword: 'admin-desk-focus-e2e' });
const USER = 'specialist.zhambyl-sko';

async function rest<T>(path: string, token: string, body?: unknown): Promise<T> {
  const res = await fetch(`${demo.app.url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status} ${await res.text()}`);
  return (res.status === 204 ? null : await res.json()) as T;
}

interface Task { id: string; name: string; taskDefinitionKey: string; assignee: string | null; due: string | null }

async function signIn(page: Page) {
  await page.goto(`${demo.app.url}/web/operator.html`);
  await page.getByLabel(/Логин/).fill(USER);
  await page.getByLabel(/Пароль/).fill(demo.login(USER).password);
  await page.getByRole('button', { name: /^Войти$/ }).click();
  await page.locator('table.tasks').waitFor();
}

/** A review step as the acts give it: «в течение 3 рабочих дней», the receipt day not counted. */
const reviewRoute = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d" targetNamespace="t">
  <process id="desk-review" name="Рассмотрение" isExecutable="true" camunda:candidateStarterGroups="provider-specialist">
    <startEvent id="start" />
    <sequenceFlow id="f1" sourceRef="start" targetRef="review" />
    <userTask id="review" name="процесс 7 — рассмотрение документов" camunda:formRef="preschool-output" camunda:formRefBinding="latest" camunda:candidateGroups="provider-specialist" />
    <boundaryEvent id="review-deadline" attachedToRef="review" cancelActivity="false">
      <extensionElements><camunda:properties><camunda:property name="reglament:calendar" value="kz-working-days" /><camunda:property name="reglament:excludeReceiptDay" value="true" /></camunda:properties></extensionElements>
      <timerEventDefinition><timeDuration>P3D</timeDuration></timerEventDefinition>
    </boundaryEvent>
    <sequenceFlow id="f2" sourceRef="review" targetRef="end" />
    <endEvent id="end" />
  </process>
</definitions>`;

const focused = (page: Page) => page.evaluate(() => ({ tag: document.activeElement?.tagName ?? '', text: document.activeElement?.textContent?.trim() ?? '' }));

Feature('Рабочее место специалиста: фокус, обратный отсчет, подтверждение, телефон', () => {
  Scenario('the specialist works a request to its decision, then looks at the list on a phone', () => {
    let page: Page;
    let errors: string[] = [];
    let token = '';
    let decide: Task;
    let instanceId = '';

    Given('a review step with the act’s limit of 3 working days is waiting for the specialist', async () => {
      token = (await rest<{ token: string }>('/api/auth/login', '', { username: USER, password: demo.login(USER).password })).token;
      await demo.app.host.deploy({ name: 'review', tenantId: 'zhambyl-sko', resources: [
        { name: 'review.bpmn', content: reviewRoute },
        { name: 'forms/preschool-output.form', content: readFileSync(join(process.cwd(), 'processes', 'zhambyl-sko', 'preschool-queue', 'forms', 'preschool-output.form'), 'utf8') },
      ] }, { tenantIds: null, userId: 'admin' });
      instanceId = (await rest<{ id: string }>('/engine-rest/process-definition/key/desk-review/tenant-id/zhambyl-sko/start', token, { variables: {} })).id;
      [decide] = await rest<Task[]>(`/engine-rest/task?processInstanceId=${instanceId}`, token);
      expect(decide).toMatchObject({ taskDefinitionKey: 'review' });
      // The due date is the deadline timer's: the end of the third working day after the receipt day.
      expect(decide!.due).toBeTruthy();
    });

    When('the specialist opens the desk', async () => {
      page = await demo.browser.newPage({ viewport: { width: 1366, height: 768 } });
      errors = watchPageErrors(page);
      await page.goto(`${demo.app.url}/web/operator.html`);
    });

    Then('the page is titled for the specialist and the skip link, first in the tab order and visible when focused, moves focus to the content', async () => {
      expect(await page.title()).toBe('Рабочее место специалиста — reglament');
      // The sign-in screen puts the focus on its first field; the skip link is the first stop of the tab order.
      await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('username');
      expect(await page.evaluate(() => document.querySelector('a[href], button, input, select, textarea')?.textContent)).toBe('Перейти к содержанию');
      await page.focus('.skip-link');
      expect(await page.locator('.skip-link').evaluate((a) => a.getBoundingClientRect().top >= 0)).toBe(true);
      await page.keyboard.press('Enter');
      expect((await focused(page)).tag).toBe('MAIN');
      expect(await page.evaluate(() => location.hash)).not.toBe('#main');
    });

    And('after signing in, the focus is on the task list’s heading', async () => {
      await page.getByLabel(/Логин/).fill(USER);
      await page.getByLabel(/Пароль/).fill(demo.login(USER).password);
      await page.getByRole('button', { name: /^Войти$/ }).click();
      await page.locator('table.tasks').waitFor();
      await expect.poll(() => focused(page)).toEqual({ tag: 'H2', text: 'Задачи' });
    });

    When('they open the decision', async () => {
      await page.locator(`tr[data-task-id="${decide.id}"] a`).first().click();
      await page.locator('#task-countdown').waitFor();
    });

    Then('its heading has the focus and the step counts down its working days to its own deadline', async () => {
      await expect.poll(() => focused(page)).toMatchObject({ tag: 'H2', text: decide.name });
      const days = workingDaysBetween(new Date(), new Date(decide.due!));
      expect(days).toBeGreaterThan(0);
      await expect.poll(() => page.locator('#task-countdown').innerText()).toMatch(new RegExp(`^Осталось: ${days} раб\\. дн\\. \\(до \\d{2}\\.\\d{2}\\.\\d{4} 18:30\\)$`));
      await screenshot(page, 'desk-decision-countdown');
    });

    And('completing it is confirmed on the screen that follows (the list)', async () => {
      await page.getByLabel(/Выходной документ проверен/).check();
      await page.getByRole('button', { name: 'Завершить' }).click();
      await page.locator('#status .confirmation', { hasText: `Шаг завершен: ${decide.name}` }).waitFor({ timeout: 20_000 });
      await page.locator('table.tasks, p:has-text("Задач нет")').first().waitFor();
      expect(await page.evaluate(() => location.hash)).toMatch(/^#\/tasks/);
      const done = await rest<{ id: string }[]>(`/engine-rest/history/task?taskId=${decide.id}&finished=true`, token);
      expect(done).toHaveLength(1);
    });

    When('the specialist looks at the task list on a phone (390 × 844)', async () => {
      await page.close();
      page = await demo.browser.newPage({ viewport: { width: 390, height: 844 } });
      errors.push(...watchPageErrors(page));
      // More requests waiting, so the list has rows.
      for (let i = 0; i < 2; i++) await rest('/engine-rest/process-definition/key/desk-review/tenant-id/zhambyl-sko/start', token, { variables: {} });
      await signIn(page);
      await expect.poll(() => page.locator('table.tasks tbody tr').count()).toBeGreaterThan(0);
    });

    Then('each task is a card no wider than the screen, its cells named by their column', async () => {
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      const row = page.locator('table.tasks tbody tr').first();
      expect((await row.boundingBox())!.width).toBeLessThanOrEqual(390);
      expect(await row.evaluate((tr) => getComputedStyle(tr).display)).toBe('block');
      expect(await row.locator('td').nth(1).getAttribute('data-label')).toBe('Задача');
      await screenshot(page, 'desk-tasklist-390');
    });

    And('every visible control is at least 24 × 24 px', async () => {
      const small = await page.evaluate(() => [...document.querySelectorAll('a, button, select, input')]
        .filter((el) => (el as HTMLElement).offsetParent !== null && !el.classList.contains('skip-link'))
        .map((el) => ({ el: `${el.tagName} ${el.textContent?.trim().slice(0, 30) ?? ''}`, ...(({ width, height }) => ({ width, height }))(el.getBoundingClientRect()) }))
        .filter((r) => r.width < 24 || r.height < 24));
      expect(small).toEqual([]);
      expect(errors).toEqual([]);
    });
  }, 180_000);
});
