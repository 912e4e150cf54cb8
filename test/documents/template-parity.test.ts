// The move of the output documents from TypeScript modules into bundle templates changed no word: every sample of
// every act, in both languages, renders to the same pdftotext words as the recorded baseline (fixtures/before),
// except where the TypeScript header and the manifest disagreed on the service's title — the manifest is now the
// one source of the act's identity, and those differences are listed here with the title each copy had.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { documentScope } from '../../src/documents/scope.js';
import { renderDocument } from '../../src/documents/render.js';
import { folderProfiles, folderTemplates } from '../../src/documents/template-source.js';

const ROOT = join(import.meta.dirname, '..', '..');
const BEFORE = join(import.meta.dirname, 'fixtures', 'before');
const templates = folderTemplates(join(ROOT, 'processes'));
const profiles = folderProfiles(join(ROOT, 'processes'));

interface Case { tenant: string; service: string; form: string; variant: string; lang: 'ru' | 'kk'; data: Record<string, unknown>; expected: string }
const cases: Case[] = JSON.parse(readFileSync(join(BEFORE, 'cases.json'), 'utf8'));

/** Service titles the TypeScript headers printed, where the manifest's title differs: [tenant/service/lang, before, now]. */
const TITLE_CHANGES: Array<[string, string, string]> = [
  ['aktobe-oblast/preschool-registration/ru', 'детские дошкольные организации»', 'детские дошкольные организации Республики Казахстан»'],
  ['kyzylzhar/preschool-registration/ru', 'детские дошкольные организации»', 'детские дошкольные организации Республики Казахстан»'],
  ['semey/preschool-queue/kk', '(7 жасқа дейінгі) балаларды кезекке қою»', '(7 жасқа дейін) балаларды кезекке қою»'],
  ['semey/guardianship-property-deal-certificate/kk', 'меншік құқығында тиесілі', 'меншік құқығымен тиесілі'],
  ['semey/housing-queue/kk', 'есепке қою және кезекке қою»', 'есепке қою және кезектілігі»'],
];

const words = (text: string) => text.replace(/\s+/g, ' ').trim();

async function pdfText(c: Case): Promise<string> {
  const { template, manifest } = await templates.resolve({ form: c.form, tenant: c.tenant, service: c.service });
  const scope = documentScope(manifest, await profiles(c.tenant), c.form);
  const { pdf } = await renderDocument({
    template, scope, lang: c.lang, data: c.data, requestNumber: 'TEST-2026-000042',
    issuedAt: new Date('2026-11-25T10:30:00+05:00'), verificationCode: 'ABCD-EFGH-JKMN',
    verifyUrl: 'https://reglament.example/api/documents/verify/ABCD-EFGH-JKMN', signerOrganisation: 'Акимат (тест)',
  });
  return execFileSync('pdftotext', ['-', '-'], { input: pdf, encoding: 'utf8' });
}

describe('document templates render the words of the TypeScript forms they replace', () => {
  it('covers every act and output of the seeds in both languages', () => {
    expect(cases.length).toBe(90);
    expect(new Set(cases.map((c) => `${c.tenant}/${c.service}`)).size).toBe(10);
    expect(new Set(cases.map((c) => c.form)).size).toBe(10);
  });

  it.each(cases.map((c) => [`${c.tenant}/${c.service} ${c.form} (${c.variant}, ${c.lang})`, c] as const))('%s', async (_name, c) => {
    let before = words(readFileSync(join(BEFORE, c.expected), 'utf8'));
    for (const [where, old, now] of TITLE_CHANGES) {
      if (where !== `${c.tenant}/${c.service}/${c.lang}`) continue;
      expect(before).toContain(old);
      before = before.split(old).join(now);
    }
    expect(words(await pdfText(c))).toBe(before);
  });
});
