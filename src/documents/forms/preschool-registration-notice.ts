// Уведомление о регистрации детей дошкольного возраста (регистрационный талон) of AKT and KYZ, every field of the
// surviving text form (spec-kindergarten §7.2).
import type { OutputForm, FieldSpec } from '../types.js';
import { date, dateOf, row, title } from '../text.js';

export interface PreschoolRegistrationNoticeData {
  parentFullName: string;
  childSurname: string;
  childGivenName: string;
  childBirthDate: string;
  registrationNumber: string;
  applicationDate: string;
  issued?: string;
}

// Labels verbatim: AKT Приложение 7 (ru) and KYZ 5-қосымша (kk).
const fields: readonly FieldSpec[] = [
  { name: 'parentFullName', type: 'string', required: true, label: { ru: 'Ф.И.О. родителя', kk: 'Ата-ананың аты-жөні' } },
  { name: 'childSurname', type: 'string', required: true, label: { ru: 'Фамилия ребенка', kk: 'Баланың тегі' } },
  { name: 'childGivenName', type: 'string', required: true, label: { ru: 'Имя ребенка', kk: 'Баланың аты' } },
  { name: 'childBirthDate', type: 'date', required: true, label: { ru: 'Дата рождения ребенка', kk: 'Баланың туған күні' } },
  { name: 'registrationNumber', type: 'string', required: true, label: { ru: 'Регистрационный номер', kk: 'Тіркеу нөмірі' } },
  { name: 'applicationDate', type: 'date', required: true, label: { ru: 'Дата подачи заявки', kk: 'Өтінішті беру күні' } },
  { name: 'issued', type: 'string', required: false, label: { ru: 'Выдано', kk: 'Берілді' } },
];

export const preschoolRegistrationNotice: OutputForm<PreschoolRegistrationNoticeData> = {
  id: 'preschool-registration-notice',
  title: { ru: 'Уведомление о регистрации ребенка', kk: 'Баланы тіркеу туралы хабарлама' },
  spec: 'spec-kindergarten §7.2 (AKT Приложение 7, KYZ 5-қосымша)',
  services: ['preschool-registration'],
  sampleTenant: 'kyzylzhar',
  fields,
  sample: {
    parentFullName: 'Сейітқали Әлия Нұрланқызы',
    childSurname: 'Сейітқали',
    childGivenName: 'Жаһангер',
    childBirthDate: '2022-03-14',
    registrationNumber: 'KYZ-2026-000184',
    applicationDate: '2026-11-20',
  },
  body(d, ctx) {
    // «Выдано» is ambiguous in the act (issuer and/or date): when not given, the provider and the issue date.
    const issued = d.issued ?? `${ctx.t(ctx.header.providerShort)}, ${dateOf(ctx.issuedAt)}`;
    return [
      title(ctx.t({ ru: 'Уведомление о регистрации ребенка', kk: 'Баланы тіркеу туралы хабарлама' })),
      row(ctx, fields[0]!.label, d.parentFullName),
      row(ctx, fields[1]!.label, d.childSurname),
      row(ctx, fields[2]!.label, d.childGivenName),
      row(ctx, fields[3]!.label, date(d.childBirthDate)),
      row(ctx, fields[4]!.label, d.registrationNumber),
      row(ctx, fields[5]!.label, date(d.applicationDate)),
      row(ctx, fields[6]!.label, issued),
    ];
  },
};
