// The supervisor's view of breaches, in real Chromium (issue 18, item 9): each overdue step under the specialist who
// holds it, with the request's number (a link to its tasks) and the step's name (a link to the task), for a recorded
// breach and for an open task past its due date alike; a specialist has no such view, and the server refuses them.
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { recordOverdue, registerRequest } from '../../src/registry/index.js';
import { screenshot, watchPageErrors } from '../support/browser.js';
import { useDemoApp } from '../support/demo-app.js';
import { Feature, Scenario, Given, When, Then, And } from '../support/scenario.js';

const demo = useDemoApp({ name: 'supervisor-view', bundle: 'zhambyl-sko/preschool-queue', adminPassword: 'admin-e2e-password' });
const TENANT = 'zhambyl-sko';
const SPECIALIST = `specialist.${TENANT}`;

async function rest<T>(path: string, token: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`${demo.app.url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}

async function signIn(page: Page, user: string): Promise<void> {
  await page.goto(`${demo.app.url}/web/operator.html`);
  await page.getByLabel(/Логин/).fill(user);
  await page.getByLabel(/Пароль/).fill(demo.login(user).password);
  await page.getByRole('button', { name: /^Войти$/ }).click();
  await page.locator('table.tasks, p:has-text("Задач нет")').first().waitFor();
}

Feature('Просроченные шаги по специалистам: номера, шаги, ссылки; только руководителю', () => {
  Scenario('two late steps of the specialist, one escalated, one not yet; the specialist is refused the view', () => {
    let specialistToken = '';
    const late: { instanceId: string; taskId: string; number: string; name: string }[] = [];

    Given('the specialist holds two requests whose first step is past its due date; the escalation recorded one', async () => {
      specialistToken = (await rest<{ token: string }>('/api/auth/login', '', { username: SPECIALIST, password: demo.login(SPECIALIST).password })).body.token;
      for (let i = 0; i < 2; i++) {
        const started = await rest<{ id: string }>(`/engine-rest/process-definition/key/preschool-queue-provider/tenant-id/${TENANT}/start`, specialistToken, { variables: {} });
        const [task] = (await rest<{ id: string; name: string; taskDefinitionKey: string }[]>(`/engine-rest/task?processInstanceId=${started.body.id}`, specialistToken)).body;
        await demo.app.db('engine_user_task').where({ id: task!.id }).update({ due: Date.now() - 3 * 3600_000 });
        const { number } = await registerRequest(demo.app.db, { tenantId: TENANT, service: 'preschool-queue', route: 'provider', processInstanceId: started.body.id });
        late.push({ instanceId: started.body.id, taskId: task!.id, number, name: task!.name });
        if (i === 0) {
          await recordOverdue(demo.app.db, {
            tenantId: TENANT, processInstanceId: started.body.id, requestNumber: number, step: 'п. 6 1)', elementId: task!.taskDefinitionKey,
            escalationActivityId: `${task!.taskDefinitionKey}-escalate`, dueAt: new Date(Date.now() - 3 * 3600_000),
          });
        }
      }
    });

    Then('the supervisor sees both under the specialist, each with its request number and step name', async () => {
      const page = await demo.browser.newPage({ viewport: { width: 1366, height: 768 } });
      const errors = watchPageErrors(page);
      await signIn(page, `supervisor.${TENANT}`);
      await page.getByRole('link', { name: 'Просроченные шаги по специалистам' }).click();
      const line = page.locator('table.supervisor tr', { hasText: SPECIALIST });
      await line.waitFor();
      expect(await line.locator('td').nth(1).innerText()).toBe('2');
      for (const step of late) {
        const breach = line.locator('.breach', { hasText: step.number });
        expect(await breach.locator('a.request-link').innerText()).toBe(`№ ${step.number}`);
        expect(await breach.locator('a.step-link').innerText()).toBe(step.name);
      }
      expect(await line.locator('.breach', { hasText: late[0]!.number }).innerText()).toContain('эскалация');
      await screenshot(page, 'supervisor-view');

      // The number opens the request's tasks, the step opens the task.
      await line.locator('.breach', { hasText: late[1]!.number }).locator('a.request-link').click();
      await expect.poll(() => page.locator('table.tasks tbody tr').count()).toBe(1);
      expect(await page.locator('table.tasks td.number').innerText()).toBe(late[1]!.number);
      await page.goBack();
      await page.locator('table.supervisor').waitFor();
      await page.locator('.breach', { hasText: late[0]!.number }).locator('a.step-link').click();
      await expect.poll(() => page.evaluate(() => location.hash)).toBe(`#/task/${late[0]!.taskId}`);
      await page.getByRole('button', { name: 'Завершить' }).waitFor();
      expect(errors).toEqual([]);
      await page.close();
    });

    When('the specialist looks for the same view', async () => {
      const page = await demo.browser.newPage({ viewport: { width: 1366, height: 768 } });
      await signIn(page, SPECIALIST);
      expect(await page.getByRole('link', { name: 'Просроченные шаги по специалистам' }).count()).toBe(0);
      await page.goto(`${demo.app.url}/web/operator.html#/supervisor`);
      await page.locator('.error').waitFor();
      expect(await page.locator('.error').innerText()).toMatch(/^Нет доступа \(403\)/);
      expect(await page.locator('table.supervisor').count()).toBe(0);
      await page.close();
    });

    And('the server refuses them too, whatever the page shows', async () => {
      const answer = await rest<{ type: string; message: string }>('/api/status/overdue', specialistToken);
      expect(answer.status).toBe(403);
      expect(answer.body.message).toMatch(/supervisor/);
    });
  }, 240_000);
});
