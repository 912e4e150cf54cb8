// Уведомление о постановке на учет граждан, нуждающихся в жилище, with the category and queue number
// (spec-semey §8.6, positive output of S7).
import type { OutputForm, FieldSpec } from '../types.js';
import { date, para, row, signatureLine, title } from '../text.js';

export interface HousingQueueNoticeData {
  applicantFullName: string;
  address: string;
  phone?: string;
  commissionDecisionDate: string;
  category: string;
  applicationDate: string;
  applicationNumber: string;
  familySize: number;
  queueNumber: number;
  headName?: string;
}

const fields: readonly FieldSpec[] = [
  { name: 'applicantFullName', type: 'string', required: true, label: { ru: 'ФИО заявителя', kk: 'Өтініш берушінің Т.А.Ә.' } },
  { name: 'address', type: 'string', required: true, label: { ru: 'Адрес', kk: 'Мекенжайы' } },
  { name: 'phone', type: 'string', required: false, maxLength: 40, label: { ru: 'Телефон', kk: 'Телефон' } },
  { name: 'commissionDecisionDate', type: 'date', required: true, label: { ru: 'Дата решения жилищной комиссии', kk: 'Тұрғын үй комиссиясы шешімінің күні' } },
  { name: 'category', type: 'string', required: true, maxLength: 200, label: { ru: 'Категория', kk: 'Санаты' } },
  { name: 'applicationDate', type: 'date', required: true, label: { ru: 'Дата подачи заявления', kk: 'Өтініш берілген күн' } },
  { name: 'applicationNumber', type: 'string', required: true, maxLength: 60, label: { ru: 'Номер заявления', kk: 'Өтініш нөмірі' } },
  { name: 'familySize', type: 'integer', required: true, label: { ru: 'Состав семьи (человек)', kk: 'Отбасы құрамы (адам)' } },
  { name: 'queueNumber', type: 'integer', required: true, label: { ru: 'Очередь №', kk: 'Кезек №' } },
  { name: 'headName', type: 'string', required: false, label: { ru: 'Начальник (ФИО)', kk: 'Бастық (Т.А.Ә.)' } },
];

export const housingQueueNotice: OutputForm<HousingQueueNoticeData> = {
  id: 'housing-queue-notice',
  title: { ru: 'Уведомление о постановке на учет нуждающихся в жилище', kk: 'Тұрғын үйге мұқтаж азаматтарды есепке қою туралы хабарлама' },
  spec: 'spec-semey §8.6 (S7, выходная форма положительного ответа)',
  services: ['housing-queue'],
  sampleTenant: 'semey',
  fields,
  sample: {
    applicantFullName: 'Сейітқали Әлия Нұрланқызы',
    address: 'Семей қ., Абай көшесі, 7, 15 пәтер',
    phone: '+7 722 256-00-00',
    commissionDecisionDate: '2026-11-18',
    category: 'многодетные семьи',
    applicationDate: '2026-10-30',
    applicationNumber: 'SEM-HQ-2026-000912',
    familySize: 5,
    queueNumber: 1207,
  },
  body(d, ctx) {
    return [
      row(ctx, fields[0]!.label, d.applicantFullName),
      row(ctx, fields[1]!.label, d.address),
      row(ctx, fields[2]!.label, d.phone),
      title(ctx.t({ ru: 'Уведомление', kk: 'Хабарлама' })),
      para(ctx.t({
        ru: `Ставим Вас в известность, что решением жилищной комиссии от ${date(d.commissionDecisionDate)} года, Вы поставлены на учет граждан, нуждающихся в жилье из государственного жилищного фонда, по категории «${d.category}», со дня подачи заявления от ${date(d.applicationDate)} года № ${d.applicationNumber}, с составом семьи ${d.familySize} человек.`,
        kk: `Тұрғын үй комиссиясының ${date(d.commissionDecisionDate)} жылғы шешімімен Сіз «${d.category}» санаты бойынша мемлекеттік тұрғын үй қорынан тұрғын үйге мұқтаж азаматтардың есебіне ${date(d.applicationDate)} жылғы № ${d.applicationNumber} өтініш берген күннен бастап, отбасы құрамы ${d.familySize} адам болып қойылғаныңызды хабарлаймыз.`,
      })),
      { text: ctx.t({ ru: `На момент постановки на учет Ваша очередь № ${d.queueNumber}`, kk: `Есепке қою сәтінде Сіздің кезегіңіз № ${d.queueNumber}` }), bold: true, fontSize: 12, margin: [0, 6, 0, 6] },
      signatureLine(ctx, ctx.header.headTitle, d.headName),
    ];
  },
};
