// Уведомление о постановке на очередь with the queue number (номер очередности): ZHAM's intermediate result and
// Semey's «Уведомление о регистрации ребенка» (spec-kindergarten §7.1; spec-semey §4.6(b), §4.4).
import type { OutputForm, FieldSpec } from '../types.js';
import { date, para, row, signatureLine, title } from '../text.js';

export interface PreschoolQueueNoticeData {
  parentFullName: string;
  childFullName: string;
  childBirthDate?: string;
  queueNumber: number;
  queueGroup?: string;
  registeredOn: string;
  specialistName?: string;
}

const fields: readonly FieldSpec[] = [
  { name: 'parentFullName', type: 'string', required: true, label: { ru: 'ФИО родителя', kk: 'Ата-ананың аты-жөні' } },
  { name: 'childFullName', type: 'string', required: true, label: { ru: 'ФИО ребенка', kk: 'Баланың аты-жөні' } },
  { name: 'childBirthDate', type: 'date', required: false, label: { ru: 'Дата рождения ребенка', kk: 'Баланың туған күні' } },
  { name: 'queueNumber', type: 'integer', required: true, label: { ru: 'Номер очередности', kk: 'Кезек нөмірі' } },
  { name: 'queueGroup', type: 'string', required: false, label: { ru: 'Возрастная группа (год рождения)', kk: 'Жас тобы (туған жылы)' } },
  { name: 'registeredOn', type: 'date', required: true, label: { ru: 'Дата постановки на очередь', kk: 'Кезекке қойылған күні' } },
  { name: 'specialistName', type: 'string', required: false, label: { ru: 'Специалист (ФИО)', kk: 'Маман (Т.А.Ә.)' } },
];

export const preschoolQueueNotice: OutputForm<PreschoolQueueNoticeData> = {
  id: 'preschool-queue-notice',
  title: { ru: 'Уведомление о регистрации ребенка (о постановке на очередь)', kk: 'Баланы тіркеу туралы хабарлама (кезекке қою туралы)' },
  spec: 'spec-kindergarten §7.1 (уведомление о постановке на очередь, номер очередности); spec-semey §4.6(b), §4.4',
  services: ['preschool-queue'],
  sampleTenant: 'semey',
  fields,
  sample: {
    parentFullName: 'Сейітқали Әлия Нұрланқызы',
    childFullName: 'Сейітқали Жаһангер Ерланұлы',
    childBirthDate: '2022-03-14',
    queueNumber: 318,
    queueGroup: '2022',
    registeredOn: '2026-11-20',
  },
  body(d, ctx) {
    const journal = { ru: '«Журнале регистрации детей дошкольного возраста для направления в дошкольные организации»', kk: '«Мектепке дейінгі ұйымдарға жолдама беру үшін мектеп жасына дейінгі балаларды тіркеу журналында»' };
    return [
      title(ctx.t({ ru: 'Уведомление о регистрации ребенка', kk: 'Баланы тіркеу туралы хабарлама' })),
      { text: ctx.t({ ru: 'о постановке на очередь для направления в дошкольную организацию', kk: 'мектепке дейінгі ұйымға жолдама беру үшін кезекке қою туралы' }), style: 'subtitle' },
      para(ctx.t({
        ru: `Настоящее уведомление выдано ${d.parentFullName} в том, что ${d.childFullName} поставлен (а) на очередь в ${journal.ru} за № ${d.queueNumber}, от ${date(d.registeredOn)} года.`,
        kk: `Осы хабарлама ${d.parentFullName} берілді, ${d.childFullName} ${journal.kk} ${date(d.registeredOn)} жылғы № ${d.queueNumber} болып кезекке қойылғаны туралы.`,
      })),
      row(ctx, fields[3]!.label, d.queueNumber),
      ...(d.childBirthDate ? [row(ctx, fields[2]!.label, date(d.childBirthDate))] : []),
      ...(d.queueGroup ? [row(ctx, fields[4]!.label, d.queueGroup)] : []),
      para(ctx.t({
        ru: 'Потребители, состоящие в очереди на получение места в дошкольную организацию, имеют возможность осуществлять контроль продвижения своей очередности в соответствии с графиком работы (отдел, акимат), а так же через электронный портал.',
        kk: 'Мектепке дейінгі ұйымға орын алу кезегінде тұрған тұтынушылар өз кезегінің жылжуын жұмыс кестесіне сәйкес (бөлім, әкімдік), сондай-ақ электрондық портал арқылы бақылай алады.',
      }), { italics: true }),
      signatureLine(ctx, ctx.header.specialistTitle, d.specialistName),
    ];
  },
};
