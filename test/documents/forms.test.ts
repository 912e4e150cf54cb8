// Every output form renders in Russian and Kazakh from its sample; the text of the PDF carries the fields,
// the act's header and the verification code; bad input is refused with the form and field named.
import { existsSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { forms, getForm, describeForms } from '../../src/documents/forms/index.js';
import { renderDocument, type RenderInput } from '../../src/documents/render.js';
import { validateFormData } from '../../src/documents/validate.js';
import { MAX_DATA_BYTES } from '../../src/documents/validate.js';
import { pageToPng, pdfText } from './support.js';

const expectedIds = [
  'preschool-direction', 'preschool-queue-notice', 'preschool-registration-notice', 'unemployed-certificate',
  'disabled-children-home-education-decision', 'minors-deposits-certificate', 'guardianship-property-deal-certificate',
  'guardianship-certificate', 'housing-queue-notice', 'refusal',
];

function input(formId: string, lang: 'ru' | 'kk', data?: unknown): RenderInput {
  const form = getForm(formId);
  return {
    form: formId, lang, data: data ?? form.sample, tenant: form.sampleTenant, service: form.sampleService,
    requestNumber: 'SEM-2026-000123', issuedAt: new Date('2026-11-22T06:00:00Z'), verificationCode: 'ABCDEFGHJKLMNPQR',
    verifyUrl: 'https://reglament.test/api/documents/verify/ABCDEFGHJKLMNPQR', signerOrganisation: 'ГУ «Отдел образования города Семей»',
  };
}

/** pdftotext wraps lines; compare with whitespace collapsed. */
const flat = (s: string) => s.replace(/\s+/g, ' ');

describe('output form registry', () => {
  it('lists every form the bundles reference, with titles in both languages, spec section and fields', () => {
    expect(forms.map((f) => f.id).sort()).toEqual([...expectedIds].sort());
    for (const f of describeForms()) {
      expect(f.title.ru).toMatch(/[а-я]/i);
      expect(f.title.kk).toMatch(/[а-яәғқңөұүһі]/i);
      expect(f.spec).toMatch(/spec-(semey|kindergarten) §/);
      expect(f.fields.length).toBeGreaterThan(0);
    }
  });

  it('refuses an unknown form id', () => {
    expect(() => getForm('no-such-form')).toThrow(/Unknown output form 'no-such-form'/);
  });
});

describe.each(forms.map((f) => f.id))('form %s', (formId) => {
  it.each(['ru', 'kk'] as const)('renders its sample in %s with the fields filled', async (lang) => {
    const { pdf } = await renderDocument(input(formId, lang));
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = flat(pdfText(pdf));
    expect(text).toContain('SEM-2026-000123');
    expect(text).toContain('ABCDEFGHJKLMNPQR');
    expect(text).toContain('22.11.2026');
    // Every string field of the sample shows up (dates as DD.MM.YYYY).
    const sample = getForm(formId).sample as Record<string, unknown>;
    const bare = text.replace(/\s+/g, '');
    for (const [name, value] of Object.entries(sample)) {
      const spec = getForm(formId).fields.find((f) => f.name === name)!;
      // Compared without whitespace: pdftotext breaks long values at hyphens.
      if (spec.type === 'string' || spec.type === 'integer') expect(bare, `${formId}.${name}`).toContain(String(value).replace(/\s+/g, ''));
      if (spec.type === 'date') expect(text, `${formId}.${name}`).toContain(String(value).split('-').reverse().join('.'));
    }
    if (lang === 'kk') {
      expect(text).toContain('Құжат электрондық үкімет жүйесінде құрылған');
      expect(text).toMatch(/Тексеру коды/);
    } else {
      expect(text).toMatch(/Код проверки/);
      expect(text).toContain('равнозначен документу на бумажном носителе');
    }
  });
});

describe('Kazakh letters', () => {
  it('a Kazakh document carries every Kazakh letter back out of the PDF', async () => {
    const { pdf } = await renderDocument(input('preschool-queue-notice', 'kk'));
    const text = pdfText(pdf);
    for (const letter of ['ә', 'ғ', 'қ', 'ң', 'ө', 'ұ', 'ү', 'һ', 'і']) expect(text, letter).toContain(letter);
    expect(flat(text)).toContain('Баланы тіркеу туралы хабарлама');
    expect(flat(text)).toContain('Семей қаласының білім бөлімі');
  });

  it('the verbatim KYZ registration notice labels come out of the Kazakh PDF', async () => {
    const text = flat(pdfText((await renderDocument(input('preschool-registration-notice', 'kk'))).pdf));
    for (const label of ['Ата-ананың аты-жөні', 'Баланың тегі', 'Баланың аты', 'Баланың туған күні', 'Тіркеу нөмірі', 'Өтінішті беру күні', 'Берілді']) {
      expect(text).toContain(label);
    }
    expect(text).toContain('Қызылжар аудандық білім бөлімі');
  });

  it('renders page 1 to PNG for a look at the layout', async () => {
    const { pdf } = await renderDocument(input('preschool-direction', 'kk'));
    const png = pageToPng(pdf, 'preschool-direction-kk');
    expect(existsSync(png)).toBe(true);
    expect(statSync(png).size).toBeGreaterThan(10_000);
  });
});

describe('variants and service-specific wording', () => {
  it('minors-deposits-certificate writes the bank variant and requires the vehicle for road police', async () => {
    const base = getForm('minors-deposits-certificate').sample as Record<string, unknown>;
    const bank = { ...base, variant: 'bank', addressee: 'АО «Халык Банк»' };
    const text = flat(pdfText((await renderDocument(input('minors-deposits-certificate', 'ru', bank))).pdf));
    expect(text).toContain('распорядиться вкладами несовершеннолетнего ребенка (детей) в АО «Халык Банк»');
    expect(() => validateFormData(getForm('minors-deposits-certificate'), { ...base, variant: 'road-police' }))
      .toThrow(/minors-deposits-certificate.*'transaction'/);
  });

  it('the housing refusal carries the reason and the right of appeal', async () => {
    const data = { applicantFullName: 'Иванов И.И.', refusalReason: 'не представлены документы о доходах', familySize: 4 };
    const text = flat(pdfText((await renderDocument({ ...input('refusal', 'ru', data), service: 'housing-queue' })).pdf));
    expect(text).toContain('не представлены документы о доходах');
    expect(text).toContain('Вы вправе обжаловать его в порядке, установленном законодательством');
    expect(text).toContain('Отдел жилищно-коммунального хозяйства');
  });
});

describe('bad input', () => {
  it('names the form and the missing field', () => {
    const { childFullName: _, ...data } = getForm('preschool-direction').sample as Record<string, unknown>;
    expect(() => validateFormData(getForm('preschool-direction'), data))
      .toThrow("Form 'preschool-direction' is missing the required field 'childFullName' (Фамилия, имя, отчество ребенка)");
  });

  it('refuses wrong types without echoing the value', () => {
    const data = { ...(getForm('housing-queue-notice').sample as object), queueNumber: 'сорок' };
    expect(() => validateFormData(getForm('housing-queue-notice'), data)).toThrow(/field 'queueNumber' must be an integer$/);
    const bad = { ...(getForm('preschool-direction').sample as object), childBirthDate: '2022-02-30' };
    expect(() => validateFormData(getForm('preschool-direction'), bad)).toThrow(/'childBirthDate' must be a date/);
  });

  it('refuses oversized data', () => {
    const data = { ...(getForm('refusal').sample as object), filler: 'x'.repeat(MAX_DATA_BYTES) };
    expect(() => validateFormData(getForm('refusal'), data)).toThrow(/more than the 65536 accepted/);
    const long = { ...(getForm('refusal').sample as object), refusalReason: 'x'.repeat(2001) };
    expect(() => validateFormData(getForm('refusal'), long)).toThrow(/'refusalReason' is longer than 2000/);
  });

  it('refuses an unknown language and a tenant without the service', async () => {
    await expect(renderDocument({ ...input('refusal', 'ru'), lang: 'en' as 'ru' })).rejects.toThrow(/Unknown document language 'en'/);
    await expect(renderDocument({ ...input('housing-queue-notice', 'ru'), tenant: 'kyzylzhar' })).rejects.toThrow(/render form 'housing-queue-notice' for tenant 'kyzylzhar'/);
  });
});
