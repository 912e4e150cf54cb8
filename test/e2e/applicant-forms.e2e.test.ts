// Forms at the applicant's desk, in real Chromium (issue 18, item 4): errors beside their field and in the page's
// language — the page's own validation in place of the browser's, the server's 400 about the IIN under the IIN field,
// a failed sign-in beside the buttons — and date fields as dd.mm.yyyy with a ru/kk picker that starts on Monday; in
// Kazakh the services and the applicant's step are named by the service's Kazakh title.
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshot, watchPageErrors } from '../support/browser.js';
import { useDemoApp } from '../support/demo-app.js';
import { Feature, Scenario, Given, When, Then, And } from '../support/scenario.js';

const TITLE_KK = 'Мектепке дейінгі балалар ұйымдарына жолдама беру үшін мектеп жасына дейінгі (7 жасқа дейінгі) балаларды кезекке қою';
const demo = useDemoApp({ name: 'applicant-forms', bundle: 'zhambyl-sko/preschool-queue', adminPassword: 'admin-e2e-password' });

async function openPortal(page: Page, lang: 'ru' | 'kk', hash: string): Promise<void> {
  await page.goto(`${demo.app.url}/web/portal.html`);
  await page.evaluate((l) => localStorage.setItem('reglament.lang', l), lang);
  await page.goto(`${demo.app.url}/web/portal.html${hash}`);
  await page.reload();
}

/** The error shown for a field: the element its aria-describedby names, right after it. */
async function errorOf(page: Page, name: string): Promise<string> {
  const input = page.locator(`[name="${name}"]`);
  await expect.poll(() => input.getAttribute('aria-invalid')).toBe('true');
  const id = (await input.getAttribute('aria-describedby'))!;
  expect(await input.evaluate((el, errId) => el.nextElementSibling?.id === errId, id)).toBe(true);
  return page.locator(`#${id}`).innerText();
}

Feature('Формы заявителя: ошибки у поля, на языке страницы; даты дд.мм.гггг', () => {
  Scenario('registration and sign-in say what is wrong beside the field; the date field reads dd.mm.yyyy in Kazakh', () => {
    let page: Page;
    let errors: string[] = [];

    Given('a person opens the registration in Kazakh', async () => {
      page = await demo.browser.newPage({ viewport: { width: 390, height: 844 } });
      errors = watchPageErrors(page);
      await openPortal(page, 'kk', '#/register');
      await page.getByRole('button', { name: 'Тіркелу' }).waitFor();
    });

    When('they send it empty, every required field says so in Kazakh beside itself', async () => {
      await page.getByRole('button', { name: 'Тіркелу' }).click();
      for (const name of ['iin', 'lastName', 'firstName', 'password']) expect(await errorOf(page, name)).toBe('Міндетті өріс');
      expect(await page.locator('#status').innerText()).toBe('');
      await screenshot(page, 'applicant-forms-register-empty-kk');
    });

    And('an IIN of 12 digits with a wrong check digit is refused by the server under the IIN field, in Kazakh', async () => {
      await page.getByLabel('ЖСН').fill('900412400085');
      await page.getByLabel('Тегі').fill('Сейткали');
      await page.getByLabel('Аты').fill('Айгерим');
      await page.getByLabel('Құпиясөз').fill('a-long-password');
      const answer = page.waitForResponse((r) => r.url().endsWith('/api/auth/register'));
      await page.getByRole('button', { name: 'Тіркелу' }).click();
      expect((await answer).status()).toBe(400);
      expect(await errorOf(page, 'iin')).toBe('ЖСН қате: бақылау разряды сәйкес келмейді');
      expect(await page.locator('[name="lastName"]').getAttribute('aria-invalid')).toBeNull();
      expect(await page.locator('#status').innerText()).toBe('');
      await screenshot(page, 'applicant-forms-register-iin-kk');
    });

    Then('in Russian the same answer reads in Russian, and a short password is named by the page before any request', async () => {
      await openPortal(page, 'ru', '#/register');
      await page.getByLabel('ИИН').fill('900412400085');
      await page.getByLabel('Фамилия').fill('Сейткали');
      await page.getByLabel('Имя').fill('Айгерим');
      await page.getByLabel('Пароль').fill('short');
      await page.getByRole('button', { name: 'Регистрация' }).click();
      expect(await errorOf(page, 'password')).toBe('Слишком коротко, минимум символов: 8');
      await page.getByLabel('Пароль').fill('a-long-password');
      await page.getByRole('button', { name: 'Регистрация' }).click();
      expect(await errorOf(page, 'iin')).toBe('ИИН неверен: не совпадает контрольный разряд');
    });

    And('a wrong password at sign-in is said beside the buttons, not at the top of the page', async () => {
      await openPortal(page, 'ru', '#/login');
      await page.getByLabel(/Логин/).fill(demo.login('applicant.zhambyl-sko').iin!);
      await page.getByLabel(/Пароль/).fill('not-the-password');
      await page.getByRole('button', { name: /^Войти$/ }).click();
      const line = page.locator('form .actions + .form-error .error');
      await line.waitFor();
      expect(await line.innerText()).toMatch(/^Не удалось войти/);
      expect(await page.locator('#status').innerText()).toBe('');
    });

    When('the applicant signs in in Kazakh and opens the application', async () => {
      await openPortal(page, 'kk', '#/login');
      await page.getByLabel(/Логин/).fill(demo.login('applicant.zhambyl-sko').iin!);
      await page.getByLabel(/Құпиясөз/).fill(demo.login('applicant.zhambyl-sko').password);
      await page.getByRole('button', { name: /^Кіру$/ }).click();
      await page.getByRole('link', { name: /Өтініш беру/ }).first().waitFor();
      // The service by its Kazakh title, the step by what to do, in Kazakh.
      expect(await page.locator('ul.services').innerText()).toContain(TITLE_KK);
      await page.getByRole('link', { name: /Өтініш беру/ }).first().click();
      await page.getByLabel(/Баланың туған күні/).waitFor();
      expect(await page.locator('#task-header h2').innerText()).toBe(TITLE_KK);
      expect(await page.locator('#task-header p').innerText()).toBe('Өтінішті толтырып, құжаттарды тіркеңіз');
    });

    Then('the birth date reads dd.mm.yyyy, its picker names Kazakh months and starts on Monday, and the value is the day typed', async () => {
      const date = page.getByLabel(/Баланың туған күні/);
      expect(await date.getAttribute('placeholder')).toBe('кк.аа.жжжж');
      await date.fill('05.03.2021');
      await date.press('Enter');
      await page.locator('.fjs-datepicker-anchor, .fjs-input-adornment').first().click();
      const calendar = page.locator('.flatpickr-calendar').first();
      await calendar.locator('.flatpickr-weekday').first().waitFor();
      expect((await calendar.locator('.flatpickr-weekday').first().innerText()).trim()).toBe('Дс');
      expect(await calendar.locator('.flatpickr-monthDropdown-months, .cur-month').first().innerText()).toContain('Наурыз');
      await screenshot(page, 'applicant-forms-datepicker-kk');
      await page.keyboard.press('Escape');
      expect(await date.inputValue()).toBe('05.03.2021');
      // The form keeps the value as the ISO day (the draft kept on every change).
      const drafts = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('reglament.draft.')).map((k) => JSON.parse(localStorage.getItem(k)!)));
      expect(drafts.some((d) => d.childBirthDate === '2021-03-05')).toBe(true);
      // The refused registrations and the wrong password answered 400 and 401 on purpose; nothing else went wrong.
      expect(errors.filter((e) => !/status of (400|401)/.test(e))).toEqual([]);
    });
  }, 300_000);
});
