// Справка о регистрации в качестве безработного (spec-semey §2.6, positive output of S1).
import type { OutputForm, FieldSpec } from '../types.js';
import { row, signatureLine } from '../text.js';

export interface UnemployedCertificateData {
  fullName: string;
  registeredAsUnemployed: string;
  publicWorks?: string;
  training?: string;
  socialAssistance?: string;
  presentTo: string;
  headName?: string;
}

// Russian labels verbatim from the form; the Kazakh labels are garbled in the act and translated here.
const fields: readonly FieldSpec[] = [
  { name: 'fullName', type: 'string', required: true, label: { ru: 'Ф.И.О.', kk: 'Т.А.Ә.' } },
  { name: 'registeredAsUnemployed', type: 'string', required: true, label: { ru: 'В соответствии со ст.15 Закона Республики Казахстан "О занятости населения" зарегистрирован безработным', kk: '«Халықты жұмыспен қамту туралы» Қазақстан Республикасы Заңының 15-бабына сәйкес жұмыссыз ретінде тіркелген' } },
  { name: 'publicWorks', type: 'string', required: false, label: { ru: 'Участие в общественных, социальных работах', kk: 'Қоғамдық, әлеуметтік жұмыстарға қатысуы' } },
  { name: 'training', type: 'string', required: false, label: { ru: 'Прошел профессиональную подготовку, повышение квалификации и переподготовку, молодежную практику', kk: 'Кәсіптік даярлаудан, біліктілікті арттырудан және қайта даярлаудан, жастар практикасынан өтті' } },
  { name: 'socialAssistance', type: 'string', required: false, label: { ru: 'Назначена(а) адресная социальная помощь, жилищная помощь', kk: 'Атаулы әлеуметтік көмек, тұрғын үй көмегі тағайындалды' } },
  { name: 'presentTo', type: 'string', required: true, label: { ru: 'Справка дана для предъявления', kk: 'Анықтама ұсыну үшін берілді' } },
  { name: 'headName', type: 'string', required: false, label: { ru: 'Начальник отдела (ФИО)', kk: 'Бөлім бастығы (Т.А.Ә.)' } },
];

export const unemployedCertificate: OutputForm<UnemployedCertificateData> = {
  id: 'unemployed-certificate',
  title: { ru: 'Справка о регистрации в качестве безработного', kk: 'Жұмыссыз ретінде тіркеу туралы анықтама' },
  spec: 'spec-semey §2.6 (S1, выходная форма положительного ответа)',
  services: ['unemployed-certificate'],
  sampleTenant: 'semey',
  fields,
  sample: {
    fullName: 'Сейітқали Әлия Нұрланқызы',
    registeredAsUnemployed: 'с 02.09.2026, решение № 1184',
    publicWorks: 'нет',
    training: 'курсы «Бухгалтерский учёт», 10.2026',
    socialAssistance: 'нет',
    presentTo: 'по месту требования',
  },
  body(d, ctx) {
    return [
      // The form's title is bilingual in both language versions.
      { text: 'ЖҰМЫССЫЗ РЕТІНДЕ ТІРКЕУ ТУРАЛЫ АНЫҚТАМА', style: 'title', margin: [0, 6, 0, 0] },
      { text: 'СПРАВКА О РЕГИСТРАЦИИ В КАЧЕСТВЕ БЕЗРАБОТНОГО', style: 'title', margin: [0, 0, 0, 10] },
      { text: [{ text: 'Т.А.Ә. / Ф.И.О.: ', bold: true }, d.fullName], margin: [0, 2, 0, 2] },
      row(ctx, fields[1]!.label, d.registeredAsUnemployed),
      row(ctx, fields[2]!.label, d.publicWorks),
      row(ctx, fields[3]!.label, d.training),
      row(ctx, fields[4]!.label, d.socialAssistance),
      row(ctx, fields[5]!.label, d.presentTo),
      signatureLine(ctx, ctx.header.headTitle, d.headName),
    ];
  },
};
