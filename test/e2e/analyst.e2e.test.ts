// End to end in real Chromium: the analyst's view. The регламенты per akimat with versions, validity windows and the
// repealing act; a route's diagram in bpmn-js with the heatmap of active and overdue instances and the share finished
// within the limit; an element's регламент step and time limit on click; the Modeler with the Camunda properties panel,
// live lint findings on the elements, a draft, the comparison with the deployed version, deployment of the edit as a
// new version, and deployment of a whole bundle by upload. Screenshots go to test-artifacts/screenshots/.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, expect } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshot, watchPageErrors } from '../support/browser.js';
import { useDemoApp } from '../support/demo-app.js';
import { Feature, Scenario, Given, When, Then, And } from '../support/scenario.js';

const ADMIN = { user: 'admin', password: 'admin-analyst-e2e' };
const TENANT = 'zhambyl-sko';
const KEY = 'preschool-queue-provider';

const demo = useDemoApp({ name: 'analyst', bundle: `${TENANT}/preschool-queue`, adminPassword: ADMIN.password, workers: false });
let token = '';

beforeAll(async () => {
  const login = await fetch(`${demo.app.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: ADMIN.user, password: ADMIN.password }) });
  token = ((await login.json()) as { token: string }).token;
});

async function rest<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const res = await fetch(`${demo.app.url}/engine-rest${path}`, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${token}`, ...(init.body ? { 'content-type': 'application/json' } : {}) },
    body: init.body ? JSON.stringify(init.body) : undefined,
  });
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status} ${await res.text()}`);
  return (res.status === 204 ? null : await res.json()) as T;
}

interface Definition { id: string; key: string; version: number; tenantId: string | null }

Feature('Аналитик: развернутые регламенты, тепловая карта, редактор маршрута, развертывание', () => {
  Scenario('the analyst reviews the route, edits a limit and deploys a new version and a bundle', () => {
    let page: Page;
    let errors: string[] = [];
    let def: Definition;
    let deadline = '';

    Given('two requests on the provider route, one of them past the 30-minute limit of registration and one registered in time', async () => {
      def = (await rest<Definition[]>(`/process-definition?key=${KEY}&tenantIdIn=${TENANT}&latestVersion=true`))[0]!;
      const started: string[] = [];
      for (let i = 0; i < 3; i++) {
        const instance = await rest<{ id: string }>(`/process-definition/${encodeURIComponent(def.id)}/start`, { method: 'POST', body: { variables: {} } });
        started.push(instance.id);
      }
      // The first request arrived two hours ago: its registration step is overdue.
      const twoHoursAgo = Date.now() - 2 * 3600_000;
      await demo.app.db('engine_hist_activity').where({ instance_id: started[0], activity_id: 'check-documents' }).update({ start_time: twoHoursAgo });
      // The third request's registration is done in time (finished passes give the share within the limit).
      const [task] = await rest<{ id: string }[]>(`/task?processInstanceId=${started[2]}&taskDefinitionKey=check-documents`);
      await rest(`/task/${task!.id}/complete`, { method: 'POST', body: { variables: { documentsChecked: { type: 'Boolean', value: true } } } });
      const heat = await (await fetch(`${demo.app.url}/api/analyst/definitions/${encodeURIComponent(def.id)}/heat`, { headers: { authorization: `Bearer ${token}` } })).json() as { activityId: string; active: number; overdue: number; withinLimitShare: number | null }[];
      const row = heat.find((r) => r.activityId === 'check-documents')!;
      expect(row).toMatchObject({ active: 2, overdue: 1, withinLimitShare: 1 });
    });

    When('the analyst signs in and opens the регламенты per akimat', async () => {
      page = await demo.browser.newPage({ viewport: { width: 1400, height: 900 } });
      errors = watchPageErrors(page);
      await page.goto(`${demo.app.url}/web/analyst.html`);
      await page.getByLabel(/Логин/).fill(ADMIN.user);
      await page.getByLabel(/Пароль/).fill(ADMIN.password);
      await page.getByRole('button', { name: /^Войти$/ }).click();
      await page.locator(`tr[data-definition-id="${def.id}"]`).waitFor();
    });

    Then('each route shows its version, validity window and the act that repealed it', async () => {
      const row = page.locator(`tr[data-definition-id="${def.id}"]`);
      expect(await page.locator('section h2').first().innerText()).toContain(TENANT);
      expect(await row.innerText()).toContain(`v${def.version}`);
      expect(await row.locator('td.validity').innerText()).toMatch(/12\.02\.2013 — 21\.05\.2013[\s\S]*Отменен: Постановление акимата Жамбылского района/);
      expect(await row.locator('td').nth(3).innerText()).toBe('3');
      await screenshot(page, 'analyst-definitions');
    });

    When('they open the route: the diagram carries the active and overdue counts and the share within the limit', async () => {
      await page.locator(`tr[data-definition-id="${def.id}"] a`).first().click();
      await page.locator('.heat[data-activity="check-documents"]').waitFor();
      expect(await page.locator('.heat[data-activity="check-documents"]').innerText()).toBe('2 ⚠1');
      expect(await page.locator('.share[data-activity="check-documents"]').innerText()).toBe('100%');
      // One colour, one meaning: red only where a pass is past its limit now; the history's share is never green.
      const colour = (selector: string) => page.locator(selector).evaluate((el) => getComputedStyle(el).backgroundColor);
      expect(await colour('.heat[data-activity="check-documents"]')).toBe(await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--bad').trim()).then((bad) => page.evaluate((c) => { const d = document.createElement('div'); d.style.color = c; document.body.append(d); const v = getComputedStyle(d).color; d.remove(); return v; }, bad)));
      expect(await colour('.share[data-activity="check-documents"]')).toBe('rgb(89, 99, 110)');
      expect(await page.locator('.heat[data-activity="check-documents"]').getAttribute('title')).toMatch(/Срок: 30 минут/);
      // The bpmn.io watermark stays visible (licence).
      await expect.poll(() => page.locator('.bjs-powered-by').isVisible()).toBe(true);
    });

    And('clicking an element shows its регламент step, documentation and time limit', async () => {
      await page.locator('g.djs-element[data-element-id="check-documents"]').click();
      const info = page.locator('#element-info');
      await info.getByText(/Шаг регламента: п\. 6/).waitFor();
      const text = await info.innerText();
      // The limit as people say it, the act's words beside it, the ISO value last.
      expect(text).toMatch(/Срок: 30 минут — «[^»]+» \(PT30M\)/);
      expect(text).toMatch(/Активных: 2 · Просроченные: 1 · В срок: 100%/);
      expect(await info.locator('blockquote').count()).toBe(1);
      expect(await info.locator('.basis').count()).toBe(0);
      await screenshot(page, 'analyst-heatmap');
    });

    And('an element from another act or from the product\'s convention says so, apart from the act\'s step', async () => {
      // The elements lie off screen at the readable zoom: the click goes through the viewer's own event bus.
      const clickOn = (id: string) => page.evaluate((elementId) => {
        const viewer = (window as unknown as { reglamentViewer: { get(name: string): any } }).reglamentViewer;
        viewer.get('eventBus').fire('element.click', { element: viewer.get('elementRegistry').get(elementId) });
      }, id);
      await clickOn('generate-direction');
      const borrowed = page.locator('#element-info .basis.borrowed');
      await borrowed.waitFor();
      expect(await borrowed.innerText()).toMatch(/^Не из этого регламента: semey\/preschool-queue, приложение 3/);
      await clickOn('check-documents-escalate');
      const convention = page.locator('#element-info .basis.convention');
      await convention.waitFor();
      expect(await convention.innerText()).toBe('Правило продукта, не регламента: escalation');
    });

    When('they open the editor: the Modeler with the Camunda properties panel', async () => {
      await page.getByRole('link', { name: 'Редактировать' }).click();
      await page.locator('.bio-properties-panel').waitFor();
      // The lint findings are above the diagram: in view without scrolling.
      const box = await page.locator('.lint-box').boundingBox();
      expect(box!.y + box!.height).toBeLessThan(900);
      await page.locator('#findings').waitFor({ state: 'attached' });
      await page.locator('h3', { hasText: /Проверка: / }).waitFor();
      expect(await page.locator('.lint[data-element="decide"]').count()).toBe(0);
      await expect.poll(() => page.locator('.bjs-powered-by').isVisible()).toBe(true);
      await page.evaluate(() => {
        const m = (window as unknown as { reglamentModeler: { get(name: string): any } }).reglamentModeler;
        m.get('selection').select(m.get('elementRegistry').get('decide'));
      });
      // The panel shows the Camunda properties of the user task, in Russian: candidate groups live in «Назначение».
      await page.locator('.bio-properties-panel-header-type', { hasText: 'Пользовательская задача' }).waitFor();
      await page.locator('.bio-properties-panel-group-header-title', { hasText: 'Назначение' }).click();
      expect(await page.getByLabel('Группы кандидатов').inputValue()).toBe('provider-specialist');
    });

    And('removing the decision task’s candidate groups shows a lint finding on that element at once', async () => {
      await page.evaluate(() => {
        const m = (window as unknown as { reglamentModeler: { get(name: string): any } }).reglamentModeler;
        const task = m.get('elementRegistry').get('decide');
        m.get('modeling').updateProperties(task, { 'camunda:candidateGroups': undefined });
      });
      await page.locator('.lint[data-element="decide"]').waitFor({ state: 'attached', timeout: 10_000 });
      expect(await page.locator('#findings li[data-element="decide"]').innerText()).toMatch(/user-task-assignment/);
      // The finding takes the analyst to its element: selected, and scrolled into the diagram's view.
      await page.evaluate(() => {
        const canvas = (window as unknown as { reglamentModeler: { get(name: string): any } }).reglamentModeler.get('canvas');
        canvas.scroll({ dx: 5000, dy: 5000 });
      });
      const visible = () => page.evaluate(() => {
        const m = (window as unknown as { reglamentModeler: { get(name: string): any } }).reglamentModeler;
        const el = m.get('elementRegistry').get('decide');
        const vb = m.get('canvas').viewbox();
        return el.x >= vb.x && el.y >= vb.y && el.x + el.width <= vb.x + vb.width && el.y + el.height <= vb.y + vb.height;
      });
      expect(await visible()).toBe(false);
      await page.locator('#findings li[data-element="decide"] button').click();
      await page.locator('.lint[data-element="decide"]').waitFor();
      expect(await visible()).toBe(true);
      expect(await page.evaluate(() => (window as unknown as { reglamentModeler: { get(name: string): any } }).reglamentModeler.get('selection').get().map((e: { id: string }) => e.id))).toEqual(['decide']);
    });

    And('changing the decision’s deadline timer', async () => {
      deadline = await page.evaluate(() => {
        const m = (window as unknown as { reglamentModeler: { get(name: string): any } }).reglamentModeler;
        const boundary = m.get('elementRegistry').get('decide-deadline');
        const timer = boundary.businessObject.eventDefinitions[0];
        const before = timer.timeDuration.body as string;
        m.get('modeling').updateModdleProperties(boundary, timer.timeDuration, { body: 'P9D' });
        return before;
      });
      expect(deadline).not.toBe('P9D');
      await screenshot(page, 'analyst-editor-lint');
    });

    Then('saving a draft numbers it', async () => {
      await page.getByRole('button', { name: /Сохранить \(Черновик\)/ }).click();
      await page.locator('#status .info', { hasText: 'Черновик #1' }).waitFor();
      await page.locator('#drafts li', { hasText: 'Черновик #1' }).waitFor();
    });

    And('the draft is kept: reopening the editor and opening the draft brings the edit back', async () => {
      await page.reload();
      await page.locator('#drafts li', { hasText: 'Черновик #1' }).waitFor();
      const before = await page.evaluate(() => (window as unknown as { reglamentModeler: { get(name: string): any } }).reglamentModeler
        .get('elementRegistry').get('decide').businessObject.get('camunda:candidateGroups'));
      expect(before).toBe('provider-specialist');
      await page.getByRole('button', { name: 'Открыть: Черновик #1' }).click();
      await page.locator('.lint[data-element="decide"]').waitFor({ state: 'attached' });
    });

    And('comparing with the deployed version lists the changed assignment and the changed time limit', async () => {
      await page.getByRole('button', { name: 'Сравнить с развернутой' }).click();
      await page.locator('#diff .diff-limitsChanged').waitFor();
      expect(await page.locator('#diff .diff-limitsChanged').innerText()).toContain(`decide-deadline`);
      expect(await page.locator('#diff .diff-limitsChanged').innerText()).toContain(`${deadline} → P9D`);
      expect(await page.locator('#diff .diff-changed').innerText()).toMatch(/decide[\s\S]*candidateGroups: provider-specialist → —/);
      expect(await page.locator('#diff .diff-added').count()).toBe(0);
      await page.locator('#diff').scrollIntoViewIfNeeded();
      await screenshot(page, 'analyst-editor-diff');
    });

    And('«Развернуть» shows the new version with its validity window and refuses it for the lint errors', async () => {
      await page.getByRole('button', { name: 'Развернуть', exact: true }).click();
      const confirm = page.locator('#deploy-confirm .deploy-confirm');
      await confirm.waitFor();
      expect(await confirm.locator('h3').innerText()).toBe(`Развертывание новой версии: ${KEY} v${def.version + 1}`);
      expect(await confirm.locator('.validity').innerText()).toMatch(/Действует: 12\.02\.2013 \(предположительно\) — 21\.05\.2013 \(предположительно\) \(по manifest\.json развернутой версии\)/);
      expect(await confirm.locator('.refusal').innerText()).toMatch(/Развертывание запрещено: ошибок проверки: 2/);
      // Focus moves to the confirmation's heading.
      expect(await page.evaluate(() => document.activeElement?.textContent)).toMatch(/^Развертывание новой версии/);
      await screenshot(page, 'analyst-deploy-refused');
      // Without a reason the server refuses too, and nothing is deployed.
      await confirm.getByRole('button', { name: 'Развернуть вопреки проверке' }).click();
      await page.locator('#deploy-error', { hasText: /lint found 2 error/ }).waitFor();
      // The browser logs the refused request (400); that one is expected, any other error is not.
      await expect.poll(() => errors.filter((e) => /status of 400/.test(e)).length).toBe(1);
      errors.splice(errors.findIndex((e) => /status of 400/.test(e)), 1);
      expect((await rest<Definition[]>(`/process-definition?key=${KEY}&tenantIdIn=${TENANT}&latestVersion=true`))[0]!.version).toBe(def.version);
    });

    And('the system administrator deploys it with a stated reason: a new version that carries the change, logged', async () => {
      const reason = 'Сроки утверждены письмом акимата, группы назначаются отдельно';
      await page.getByLabel('Причина развертывания с ошибками (администратор системы)').fill(reason);
      await page.getByRole('button', { name: 'Развернуть вопреки проверке' }).click();
      await page.locator('#status .info', { hasText: `${KEY} v${def.version + 1}` }).waitFor();
      const overrides = await rest<{ annotation: string; operationType: string; entityType: string }[]>('/history/user-operation?operationType=Override&entityType=Deployment');
      expect(overrides.map((o) => o.annotation)).toEqual([reason]);
      const latest = (await rest<Definition[]>(`/process-definition?key=${KEY}&tenantIdIn=${TENANT}&latestVersion=true`))[0]!;
      expect(latest.version).toBe(def.version + 1);
      const xml = (await rest<{ bpmn20Xml: string }>(`/process-definition/${encodeURIComponent(latest.id)}/xml`)).bpmn20Xml;
      expect(xml).toContain('P9D');
      // The replaced deployment's manifest came along: the new version has the act's validity window.
      const defs = await (await fetch(`${demo.app.url}/api/analyst/definitions`, { headers: { authorization: `Bearer ${token}` } })).json() as { id: string; validFrom: string; validTo: string }[];
      expect(defs.find((d) => d.id === latest.id)).toMatchObject({ validFrom: '2013-02-12', validTo: '2013-05-21' });
      // The edit was deployed without its manifest: the service keeps its bilingual title from the earlier version.
      const titles = await (await fetch(`${demo.app.url}/api/services/titles`, { headers: { authorization: `Bearer ${token}` } })).json() as { definitionId: string; key: string; route: string; title: { ru: string; kk: string } }[];
      const provider = titles.find((x) => x.key === KEY)!;
      expect(provider).toMatchObject({ definitionId: latest.id, route: 'provider' });
      expect(provider.title.kk).toMatch(/^Мектепке дейінгі/);
    });

    When('they deploy the whole bundle by upload: manifest.json, the routes, their forms and the document templates', async () => {
      await page.getByRole('link', { name: /Развернуть пакет/ }).click();
      const bundleDir = join(process.cwd(), 'processes', TENANT, 'preschool-queue');
      const manifest = JSON.parse(readFileSync(join(bundleDir, 'manifest.json'), 'utf8')) as { forms: string[] };
      const files = [
        ...readdirSync(bundleDir).filter((f) => /\.(bpmn|json)$/.test(f)).map((f) => join(bundleDir, f)),
        ...manifest.forms.map((id) => join(bundleDir, 'forms', `${id}.form`)),
        ...readdirSync(join(bundleDir, 'documents')).map((f) => join(bundleDir, 'documents', f)),
      ];
      await page.getByLabel(/Файлы: manifest\.json/).setInputFiles(files);
      await page.getByLabel('Акимат').selectOption(TENANT);
      expect(await page.locator('#bundle-chosen li').count()).toBe(files.length);
      await page.getByRole('button', { name: 'Развернуть' }).click();
      await page.locator('#status .info', { hasText: /preschool-queue-portal v\d+/ }).waitFor();
      // One deployment holds the bundle with its folders, so its instances render with these templates.
      const latest = (await rest<Definition[]>(`/process-definition?key=${KEY}&tenantIdIn=${TENANT}&latestVersion=true`))[0]! as Definition & { deploymentId: string };
      const names = (await rest<{ name: string }[]>(`/deployment/${latest.deploymentId}/resources`)).map((r) => r.name);
      expect(names).toEqual(expect.arrayContaining(['manifest.json', 'provider.bpmn', 'documents/refusal.json', 'documents/preschool-direction.json', `forms/${manifest.forms[0]}.form`]));
      await screenshot(page, 'analyst-upload');
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    });

    Then('the list shows the new versions with the bundle’s validity window', async () => {
      await page.getByRole('link', { name: 'Регламенты (аналитик)' }).click();
      const latest = (await rest<Definition[]>(`/process-definition?key=${KEY}&tenantIdIn=${TENANT}&latestVersion=true`))[0]!;
      expect(latest.version).toBe(def.version + 2);
      const row = page.locator(`tr[data-definition-id="${latest.id}"]`);
      await row.waitFor();
      expect(await row.locator('td.validity').innerText()).toContain('12.02.2013 — 21.05.2013');
      expect(errors).toEqual([]);
    });
  }, 240_000);
});
