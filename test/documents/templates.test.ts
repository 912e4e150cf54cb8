// Output document templates are bundle data: every template of every bundle passes the deploy-time check, renders
// its sample with each field in the PDF text, and writes the act, the provider and the signer of its own bundle;
// a broken template is refused with the place and the reason; bad data names the template and the field.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readBundleDocuments } from '../../src/documents/bundle-documents.js';
import { renderDocument, type RenderInput } from '../../src/documents/render.js';
import { documentScope } from '../../src/documents/scope.js';
import { templateProblems } from '../../src/documents/template/check-template.js';
import { HELPERS } from '../../src/documents/template/helpers.js';
import { DOCUMENT_TEMPLATE_SCHEMA } from '../../src/documents/template/schema.js';
import { folderProfiles, folderTemplates } from '../../src/documents/template-source.js';
import { MAX_DATA_BYTES, validateFormData } from '../../src/documents/validate.js';
import { PROCESSES, pageToPng, pdfText, templateOf } from './support.js';

const bundles = ['zhambyl-sko/preschool-queue', 'aktobe-oblast/preschool-registration', 'kyzylzhar/preschool-registration',
  ...['unemployed-certificate', 'disabled-children-home-education', 'preschool-queue', 'minors-deposits-certificate',
    'guardianship-property-deal-certificate', 'guardianship-certificate', 'housing-queue'].map((s) => `semey/${s}`)];
const profiles = folderProfiles(PROCESSES);

async function input(bundle: string, id: string, lang: 'ru' | 'kk', data?: unknown): Promise<RenderInput> {
  const [tenant, service] = bundle.split('/') as [string, string];
  const { template, manifest } = await folderTemplates(PROCESSES).resolve({ form: id, tenant, service });
  return {
    template, scope: documentScope(manifest, await profiles(tenant), id), lang, data: data ?? template.sample,
    requestNumber: 'SEM-2026-000123', issuedAt: new Date('2026-11-22T06:00:00Z'), verificationCode: 'ABCDEFGHJKLMNPQR',
    verifyUrl: 'https://reglament.test/api/documents/verify/ABCDEFGHJKLMNPQR', signerOrganisation: 'ГУ «Отдел образования города Семей»',
  };
}
const flat = (s: string) => s.replace(/\s+/g, ' ');

describe('the templates of the seed bundles', () => {
  it('docs/schemas/document-template.schema.json is the schema the check uses (for editors)', () => {
    const file = JSON.parse(readFileSync(join(PROCESSES, '..', 'docs', 'schemas', 'document-template.schema.json'), 'utf8'));
    expect(file).toEqual(JSON.parse(JSON.stringify(DOCUMENT_TEMPLATE_SCHEMA)));
  });

  it.each(bundles)('%s: every output the manifest lists has a template that passes the check', (bundle) => {
    const { documents, problems } = readBundleDocuments(join(PROCESSES, bundle));
    expect(problems).toEqual([]);
    const manifest = JSON.parse(readFileSync(join(PROCESSES, bundle, 'manifest.json'), 'utf8'));
    expect([...documents!.templates.keys()].sort()).toEqual([...manifest.outputs].sort());
    for (const t of documents!.templates.values()) {
      expect(t.title.ru).toMatch(/[а-я]/i);
      expect(t.title.kk).toMatch(/[а-яәғқңөұүһі]/i);
      expect(t.source).toMatch(/spec-(semey|kindergarten) §/);
    }
  });

  it.each(bundles.flatMap((b) => [...readBundleDocuments(join(PROCESSES, b)).documents!.templates.keys()].map((id) => [b, id] as const)))(
    '%s %s: the sample renders with every field, the request number and the code', async (bundle, id) => {
      const { pdf } = await renderDocument(await input(bundle, id, 'ru'));
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      const text = flat(pdfText(pdf));
      for (const s of ['SEM-2026-000123', 'ABCDEFGHJKLMNPQR', '22.11.2026', 'равнозначен документу на бумажном носителе']) expect(text).toContain(s);
      const t = templateOf(bundle, id);
      const bare = text.replace(/\s+/g, '');
      for (const [name, value] of Object.entries(t.sample)) {
        const spec = t.fields.find((f) => f.name === name)!;
        // Compared without whitespace: pdftotext breaks long values at hyphens.
        if (spec.type === 'string' || spec.type === 'integer') expect(bare, `${id}.${name}`).toContain(String(value).replace(/\s+/g, ''));
        if (spec.type === 'date') expect(text, `${id}.${name}`).toContain(String(value).split('-').reverse().join('.'));
      }
    });

  it('each bundle prints its own act and provider: the same template id in two akimats is two texts', async () => {
    const zh = flat(pdfText((await renderDocument(await input('zhambyl-sko/preschool-queue', 'refusal', 'ru'))).pdf));
    const se = flat(pdfText((await renderDocument(await input('semey/preschool-queue', 'refusal', 'ru'))).pdf));
    expect(zh).toContain('от 26 декабря 2012 года № 383');
    expect(zh).toContain('Отдел образования Жамбылского района');
    expect(se).toContain('от 28 декабря 2012 года № 1868');
    expect(se).not.toContain('Жамбылского');
  });
});

describe('Kazakh letters', () => {
  it('a Kazakh document carries every Kazakh letter back out of the PDF', async () => {
    const text = pdfText((await renderDocument(await input('semey/preschool-queue', 'preschool-queue-notice', 'kk'))).pdf);
    for (const letter of ['ә', 'ғ', 'қ', 'ң', 'ө', 'ұ', 'ү', 'һ', 'і']) expect(text, letter).toContain(letter);
    expect(flat(text)).toContain('Баланы тіркеу туралы хабарлама');
    expect(flat(text)).toContain('Семей қаласының білім бөлімі');
  });

  it('renders page 1 to PNG for a look at the layout', async () => {
    const png = pageToPng((await renderDocument(await input('kyzylzhar/preschool-registration', 'preschool-direction', 'kk'))).pdf, 'preschool-direction-kk');
    expect(existsSync(png)).toBe(true);
    expect(statSync(png).size).toBeGreaterThan(10_000);
  });
});

describe('variants, conditions and helpers', () => {
  it('minors-deposits-certificate writes the bank variant and requires the vehicle for road police', async () => {
    const base = templateOf('semey/minors-deposits-certificate', 'minors-deposits-certificate').sample;
    const text = flat(pdfText((await renderDocument(await input('semey/minors-deposits-certificate', 'minors-deposits-certificate', 'ru', { ...base, variant: 'bank', addressee: 'АО «Халык Банк»' }))).pdf));
    expect(text).toContain('распорядиться вкладами несовершеннолетнего ребенка (детей) в АО «Халык Банк»');
    expect(text).not.toContain('наследуемые пенсионные накопления');
    expect(() => validateFormData(templateOf('semey/minors-deposits-certificate', 'minors-deposits-certificate'), { ...base, variant: 'road-police' }))
      .toThrow("Form 'minors-deposits-certificate' is missing the required field 'transaction' for this variant");
  });

  it('the housing refusal carries the reason and the right of appeal', async () => {
    const data = { applicantFullName: 'Иванов И.И.', refusalReason: 'не представлены документы о доходах', familySize: 4 };
    const text = flat(pdfText((await renderDocument(await input('semey/housing-queue', 'refusal', 'ru', data))).pdf));
    expect(text).toContain('не представлены документы о доходах');
    expect(text).toContain('Вы вправе обжаловать его в порядке, установленном законодательством');
    expect(text).toContain('(состав семьи 4 человек)');
    expect(text).toContain('Отдел жилищно-коммунального хозяйства');
  });

  it('the named helpers format dates in both languages, amounts, masks and queue positions', () => {
    const run = (name: string, values: unknown[], lang: 'ru' | 'kk' = 'ru') => HELPERS[name]!.run({ values, specs: [], lang });
    expect(run('date', ['2012-12-28'])).toBe('28.12.2012');
    expect(run('date', [new Date('2026-11-21T20:30:00Z')])).toBe('22.11.2026');
    expect(run('longDate', ['2012-12-28'])).toBe('28 декабря 2012 года');
    expect(run('longDate', ['2012-12-28'], 'kk')).toBe('2012 жылғы 28 желтоқсан');
    expect(run('amount', [45000])).toBe('45 000');
    expect(run('amount', ['11250.5'])).toBe('11 250,50');
    expect(run('mask', ['900101300126'])).toBe('********0126');
    expect(run('queuePosition', [1207])).toBe('1 207');
    expect(run('queuePosition', [0])).toBeUndefined();
    expect(run('opt', [undefined, ' '])).toBe('');
    expect(run('opt', ['«Балдәурен»', ' '])).toBe(' «Балдәурен»');
    expect(run('date', [undefined])).toBeUndefined();
  });
});

describe('a broken template is refused with the place and the reason', () => {
  const good = () => structuredClone(templateOf('semey/housing-queue', 'refusal')) as unknown as Record<string, any>;
  const problems = (t: unknown) => templateProblems(t).map((p) => `${p.path}: ${p.message}`);

  it('accepts the seed template', () => {
    expect(problems(good())).toEqual([]);
  });

  it('a placeholder that names no field and no context value', () => {
    const t = good();
    t.body[4].paragraph.ru = 'Уважаемый {{applicantName}}';
    expect(problems(t)).toEqual([expect.stringMatching(/^\/body\/4\/paragraph\/ru: placeholder '\{\{applicantName\}\}' names 'applicantName', which is neither a field/)]);
  });

  it('a missing Kazakh text, an unknown helper, an unknown key, a condition on nothing', () => {
    const t = good();
    t.body[4].paragraph.kk = ' ';
    t.body[6].paragraph.ru = 'до {{weekday refusalReason}}';
    t.body[1].if.field = 'nothing';
    expect(problems(t)).toEqual(expect.arrayContaining([
      '/body/4/paragraph/kk: the Kazakh text is empty',
      expect.stringMatching(/^\/body\/6\/paragraph\/ru: '\{\{weekday refusalReason\}\}': 'weekday' is not a helper/),
      "/body/1/if/field: condition on 'nothing': no such field",
    ]));
    const u = good();
    u.body[3].script = 'alert(1)';
    expect(problems(u)).toEqual([expect.stringMatching(/^\/body\/3: unknown key 'script'/)]);
  });

  it('a sample that does not fit the fields, an id that is not the file name', async () => {
    const { parseTemplate } = await import('../../src/documents/bundle-documents.js');
    const t = good();
    delete t.sample.refusalReason;
    expect(parseTemplate('documents/refusal.json', JSON.stringify(t)).problems.map((p) => p.message))
      .toEqual(["Form 'refusal' is missing the required field 'refusalReason' (Причина отказа)"]);
    expect(parseTemplate('documents/other.json', JSON.stringify(good())).problems.map((p) => `${p.path}: ${p.message}`))
      .toEqual(["/id: id 'refusal' differs from the file name 'other.json'"]);
    expect(parseTemplate('documents/refusal.json', '{ nope').problems[0]!.message).toMatch(/^not JSON/);
  });
});

describe('bad data', () => {
  const direction = () => templateOf('semey/preschool-queue', 'preschool-direction');
  it('names the template and the missing field', () => {
    const { childFullName: _, ...data } = direction().sample;
    expect(() => validateFormData(direction(), data)).toThrow("Form 'preschool-direction' is missing the required field 'childFullName' (Фамилия, имя, отчество ребенка)");
  });

  it('refuses wrong types without echoing the value, and oversized data', () => {
    const housing = templateOf('semey/housing-queue', 'housing-queue-notice');
    expect(() => validateFormData(housing, { ...housing.sample, queueNumber: 'сорок' })).toThrow(/field 'queueNumber' must be an integer$/);
    expect(() => validateFormData(direction(), { ...direction().sample, childBirthDate: '2022-02-30' })).toThrow(/'childBirthDate' must be a date/);
    const refusal = templateOf('semey/housing-queue', 'refusal');
    expect(() => validateFormData(refusal, { ...refusal.sample, filler: 'x'.repeat(MAX_DATA_BYTES) })).toThrow(/more than the 65536 accepted/);
    expect(() => validateFormData(refusal, { ...refusal.sample, refusalReason: 'x'.repeat(2001) })).toThrow(/'refusalReason' is longer than 2000/);
  });

  it('refuses an unknown language, a template a bundle does not have, a tenant without a profile', async () => {
    await expect(renderDocument({ ...(await input('semey/housing-queue', 'refusal', 'ru')), lang: 'en' as 'ru' })).rejects.toThrow(/Unknown document language 'en'/);
    await expect(folderTemplates(PROCESSES).resolve({ form: 'housing-queue-notice', tenant: 'kyzylzhar' })).rejects.toThrow("Cannot render document 'housing-queue-notice': no bundle of tenant 'kyzylzhar' has a template documents/housing-queue-notice.json");
    const { manifest } = await folderTemplates(PROCESSES).resolve({ form: 'refusal', tenant: 'semey', service: 'housing-queue' });
    expect(() => documentScope(manifest, null, 'refusal')).toThrow("tenant 'semey' has no profile (reglament tenant apply <tenant.json>)");
  });
});
