// Уведомление о назначении материального обеспечения детям-инвалидам, обучающимся и воспитывающимся на дому
// (spec-semey §3.6, positive output of S2), with its payment schedule.
import type { OutputForm, FieldSpec } from '../types.js';
import { date, para, row, signatureLine, title } from '../text.js';

export interface DisabledChildrenDecisionData {
  applicantFullName: string;
  address: string;
  phone?: string;
  childFullName: string;
  amount: string;
  periodFrom: string;
  periodTo: string;
  payments?: { quarter: string; year: number; amount: string }[];
  specialistName?: string;
  headName?: string;
}

const paymentFields: readonly FieldSpec[] = [
  { name: 'quarter', type: 'string', required: true, maxLength: 10, label: { ru: 'Квартал', kk: 'Тоқсан' } },
  { name: 'year', type: 'integer', required: true, label: { ru: 'Год', kk: 'Жыл' } },
  { name: 'amount', type: 'string', required: true, maxLength: 40, label: { ru: 'Сумма выплаты', kk: 'Төлем сомасы' } },
];

const fields: readonly FieldSpec[] = [
  { name: 'applicantFullName', type: 'string', required: true, label: { ru: 'Заявитель', kk: 'Өтініш беруші' } },
  { name: 'address', type: 'string', required: true, label: { ru: 'Адрес', kk: 'Мекенжайы' } },
  { name: 'phone', type: 'string', required: false, maxLength: 40, label: { ru: 'Телефон', kk: 'Телефон' } },
  { name: 'childFullName', type: 'string', required: true, label: { ru: 'ФИО ребенка', kk: 'Баланың Т.А.Ә.' } },
  { name: 'amount', type: 'string', required: true, maxLength: 60, label: { ru: 'Размер', kk: 'Мөлшері' } },
  { name: 'periodFrom', type: 'date', required: true, label: { ru: 'На период с', kk: 'Кезеңнің басы' } },
  { name: 'periodTo', type: 'date', required: true, label: { ru: 'по', kk: 'Кезеңнің соңы' } },
  { name: 'payments', type: 'list', required: false, maxItems: 12, items: paymentFields, label: { ru: 'График выплат', kk: 'Төлем кестесі' } },
  { name: 'specialistName', type: 'string', required: false, label: { ru: 'Специалист (ФИО)', kk: 'Маман (Т.А.Ә.)' } },
  { name: 'headName', type: 'string', required: false, label: { ru: 'Начальник отдела (ФИО)', kk: 'Бөлім бастығы (Т.А.Ә.)' } },
];

export const disabledChildrenHomeEducationDecision: OutputForm<DisabledChildrenDecisionData> = {
  id: 'disabled-children-home-education-decision',
  title: { ru: 'Уведомление о назначении материального обеспечения ребенку-инвалиду, обучающемуся на дому', kk: 'Үйде оқитын мүгедек балаға материалдық қамтамасыз етуді тағайындау туралы хабарлама' },
  spec: 'spec-semey §3.6 (S2, выходная форма положительного ответа)',
  services: ['disabled-children-home-education'],
  sampleTenant: 'semey',
  fields,
  sample: {
    applicantFullName: 'Сейітқали Әлия Нұрланқызы',
    address: 'Семей қ., Абай көшесі, 7, 15 пәтер',
    phone: '+7 722 256-00-00',
    childFullName: 'Сейітқали Жаһангер Ерланұлы',
    amount: '45 000 тенге',
    periodFrom: '2026-01-01',
    periodTo: '2026-12-31',
    payments: [
      { quarter: 'I', year: 2026, amount: '11 250' },
      { quarter: 'II', year: 2026, amount: '11 250' },
      { quarter: 'III', year: 2026, amount: '11 250' },
      { quarter: 'IV', year: 2026, amount: '11 250' },
    ],
  },
  body(d, ctx) {
    const h = ctx.header;
    const head = [{ text: '№', style: 'th' }, ...paymentFields.map((f) => ({ text: ctx.t(f.label), style: 'th' }))];
    const rows = (d.payments?.length ? d.payments : [{ quarter: '', year: '', amount: '' }])
      .map((p, i) => [String(i + 1), p.quarter, String(p.year), p.amount]);
    return [
      row(ctx, fields[0]!.label, d.applicantFullName),
      row(ctx, fields[1]!.label, d.address),
      row(ctx, fields[2]!.label, d.phone),
      title(ctx.t({ ru: 'Уведомление', kk: 'Хабарлама' })),
      para(ctx.t({
        ru: `Уважаемый (ая) ${d.applicantFullName}, уведомляем Вас о назначении материального обеспечения Вашему ребенку-инвалиду ${d.childFullName}, обучающемуся и воспитывающемуся на дому, в размере ${d.amount} на период с ${date(d.periodFrom)} по ${date(d.periodTo)}.`,
        kk: `Құрметті ${d.applicantFullName}, үйде оқитын және тәрбиеленетін мүгедек балаңызға ${d.childFullName} ${date(d.periodFrom)} бастап ${date(d.periodTo)} дейінгі кезеңге ${d.amount} мөлшерінде материалдық қамтамасыз ету тағайындалғанын хабарлаймыз.`,
      })),
      { table: { headerRows: 1, widths: [24, '*', '*', '*'], body: [head, ...rows] }, margin: [0, 6, 0, 6] },
      para(ctx.t({
        ru: 'Информируем Вас о том, что для получения материального обеспечения Вам необходимо обратиться в отдел занятости и социальных программ.',
        kk: 'Материалдық қамтамасыз етуді алу үшін жұмыспен қамту және әлеуметтік бағдарламалар бөліміне жүгінуіңіз қажет екенін хабарлаймыз.',
      })),
      signatureLine(ctx, h.specialistTitle, d.specialistName),
      signatureLine(ctx, h.headTitle, d.headName),
      // Form item 10 «Цифровая подпись документа»: the signer of the ЭЦП, whose check the QR code leads to.
      row(ctx, { ru: 'Цифровая подпись документа', kk: 'Құжаттың цифрлық қолтаңбасы' }, ctx.signerOrganisation),
    ];
  },
};
