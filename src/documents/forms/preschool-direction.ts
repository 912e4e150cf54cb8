// Направление в ДДО: the positive result of the preschool services (spec-kindergarten §7.1; spec-semey §4.6(a)).
import type { OutputForm, FieldSpec } from '../types.js';
import { date, dateOf, para, row, signatureLine, title } from '../text.js';

export interface PreschoolDirectionData {
  directionNumber: string;
  preschoolNumber: string;
  preschoolName?: string;
  preschoolCity: string;
  preschoolStreet: string;
  childFullName: string;
  childBirthDate: string;
  childHomeAddress: string;
  headName?: string;
}

const fields: readonly FieldSpec[] = [
  { name: 'directionNumber', type: 'string', required: true, label: { ru: 'НАПРАВЛЕНИЕ №', kk: 'ЖОЛДАМА №' } },
  { name: 'preschoolNumber', type: 'string', required: true, label: { ru: 'Дошкольная организация №', kk: 'Мектепке дейінгі ұйым №' } },
  { name: 'preschoolName', type: 'string', required: false, label: { ru: 'Наименование дошкольной организации', kk: 'Мектепке дейінгі ұйымның атауы' } },
  { name: 'preschoolCity', type: 'string', required: true, label: { ru: 'Город (поселок)', kk: 'Қала (кент)' } },
  { name: 'preschoolStreet', type: 'string', required: true, label: { ru: 'Улица', kk: 'Көше' } },
  { name: 'childFullName', type: 'string', required: true, label: { ru: 'Фамилия, имя, отчество ребенка', kk: 'Баланың тегі, аты, әкесінің аты' } },
  { name: 'childBirthDate', type: 'date', required: true, label: { ru: 'Дата рождения', kk: 'Туған күні' } },
  { name: 'childHomeAddress', type: 'string', required: true, label: { ru: 'Домашний адрес ребенка', kk: 'Баланың үй мекенжайы' } },
  { name: 'headName', type: 'string', required: false, label: { ru: 'Начальник отдела образования (ФИО)', kk: 'Білім бөлімінің бастығы (Т.А.Ә.)' } },
];

export const preschoolDirection: OutputForm<PreschoolDirectionData> = {
  id: 'preschool-direction',
  title: { ru: 'Направление в детскую дошкольную организацию', kk: 'Мектепке дейінгі балалар ұйымына жолдама' },
  spec: 'spec-kindergarten §7.1 (направление в ДДО); spec-semey §4.6(a)',
  services: ['preschool-queue', 'preschool-registration'],
  sampleTenant: 'semey',
  fields,
  sample: {
    directionNumber: '2026-0457',
    preschoolNumber: '12',
    preschoolName: '«Балдәурен»',
    preschoolCity: 'Семей',
    preschoolStreet: 'Шәкәрім даңғылы, 41',
    childFullName: 'Сейітқали Жаһангер Ерланұлы',
    childBirthDate: '2022-03-14',
    childHomeAddress: 'Семей қ., Абай көшесі, 7, 15 пәтер',
  },
  body(d, ctx) {
    const h = ctx.header;
    const name = d.preschoolName ? ` ${d.preschoolName}` : '';
    return [
      title(ctx.t({ ru: `НАПРАВЛЕНИЕ № ${d.directionNumber}`, kk: `ЖОЛДАМА № ${d.directionNumber}` })),
      { text: ctx.t({ ru: 'Для зачисления ребенка в дошкольную организацию', kk: 'Баланы мектепке дейінгі ұйымға қабылдау үшін' }), style: 'subtitle' },
      para(ctx.t({
        ru: `${h.providerShort.ru} направляет в дошкольную организацию № ${d.preschoolNumber}${name}, расположенную по адресу: город (поселок) ${d.preschoolCity}, ул. ${d.preschoolStreet}`,
        kk: `${h.providerShort.kk} ${d.preschoolCity} қаласы (кенті), ${d.preschoolStreet} мекенжайы бойынша орналасқан № ${d.preschoolNumber}${name} мектепке дейінгі ұйымға жолдайды`,
      })),
      row(ctx, fields[5]!.label, d.childFullName),
      row(ctx, fields[6]!.label, date(d.childBirthDate)),
      row(ctx, fields[7]!.label, d.childHomeAddress),
      ...(h.directionNote ? [para(ctx.t(h.directionNote), { italics: true })] : []),
      para(ctx.t({ ru: `Направление выдано ${dateOf(ctx.issuedAt)} г.`, kk: `Жолдама ${dateOf(ctx.issuedAt)} ж. берілді.` })),
      signatureLine(ctx, h.headTitle, d.headName),
    ];
  },
};
