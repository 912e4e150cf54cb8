// Справка по опеке и попечительству: the guardian's appointment over a ward and the ward's property
// (spec-semey §7.6, positive output of S6).
import type { OutputForm, FieldSpec } from '../types.js';
import { choice, date, para, signatureLine, title } from '../text.js';

export interface GuardianshipCertificateData {
  certificateNumber: string;
  guardianFullName: string;
  city: string;
  resolutionNumber: string;
  resolutionDate: string;
  role: 'guardian' | 'trustee';
  wardFullName: string;
  wardBirthDate: string;
  property: 'inventory' | 'none';
  headName?: string;
}

const fields: readonly FieldSpec[] = [
  { name: 'certificateNumber', type: 'string', required: true, maxLength: 40, label: { ru: 'СПРАВКА №', kk: 'АНЫҚТАМА №' } },
  { name: 'guardianFullName', type: 'string', required: true, label: { ru: 'Ф.И.О. опекуна (попечителя)', kk: 'Қорғаншының (қамқоршының) Т.А.Ә.' } },
  { name: 'city', type: 'string', required: true, label: { ru: 'Город проживания', kk: 'Тұратын қаласы' } },
  { name: 'resolutionNumber', type: 'string', required: true, maxLength: 40, label: { ru: 'Постановление акимата №', kk: 'Әкімдік қаулысы №' } },
  { name: 'resolutionDate', type: 'date', required: true, label: { ru: 'Дата постановления акимата', kk: 'Әкімдік қаулысының күні' } },
  { name: 'role', type: 'enum', required: true, label: { ru: 'Назначен (а)', kk: 'Тағайындалды' }, values: { guardian: { ru: 'опекуном', kk: 'қорғаншы' }, trustee: { ru: 'попечителем', kk: 'қамқоршы' } } },
  { name: 'wardFullName', type: 'string', required: true, label: { ru: 'Ф.И.О. подопечного', kk: 'Қамқорлықтағы адамның Т.А.Ә.' } },
  { name: 'wardBirthDate', type: 'date', required: true, label: { ru: 'Дата рождения подопечного', kk: 'Қамқорлықтағы адамның туған күні' } },
  { name: 'property', type: 'enum', required: true, label: { ru: 'Имущество', kk: 'Мүлік' }, values: { inventory: { ru: 'опись имущества в деле', kk: 'мүлік тізімдемесі істе' }, none: { ru: 'имущества нет', kk: 'мүлкі жоқ' } } },
  { name: 'headName', type: 'string', required: false, label: { ru: 'Начальник отдела образования (Ф.И.О.)', kk: 'Білім бөлімінің бастығы (Т.А.Ә.)' } },
];

export const guardianshipCertificate: OutputForm<GuardianshipCertificateData> = {
  id: 'guardianship-certificate',
  title: { ru: 'Справка по опеке и попечительству', kk: 'Қорғаншылық және қамқоршылық жөніндегі анықтама' },
  spec: 'spec-semey §7.6 (S6, выходная форма «Справка»)',
  services: ['guardianship-certificate'],
  sampleTenant: 'semey',
  fields,
  sample: {
    certificateNumber: '0417',
    guardianFullName: 'Сейітқали Әлия Нұрланқызы',
    city: 'Семей',
    resolutionNumber: '1523',
    resolutionDate: '2025-06-18',
    role: 'guardian',
    wardFullName: 'Сейітқали Жаһангер Ерланұлы',
    wardBirthDate: '2022-03-14',
    property: 'none',
  },
  body(d, ctx) {
    const role = choice(ctx, fields[5], d.role);
    const property = choice(ctx, fields[8], d.property);
    return [
      title(ctx.t({ ru: `СПРАВКА № ${d.certificateNumber}`, kk: `АНЫҚТАМА № ${d.certificateNumber}` })),
      para(ctx.t({
        ru: `Настоящая справка выдана гр. (ке) ${d.guardianFullName} проживающему (ей) в г. ${d.city} в том, что он (она) согласно постановлению акимата города Семей № ${d.resolutionNumber} от ${date(d.resolutionDate)} г. действительно назначен (а) ${role} над ${d.wardFullName} ${date(d.wardBirthDate)} года рождения и над его (ее) имуществом (${property}).`,
        kk: `Осы анықтама ${d.city} қаласында тұратын азамат (ша) ${d.guardianFullName} берілді, ол Семей қаласы әкімдігінің ${date(d.resolutionDate)} жылғы № ${d.resolutionNumber} қаулысына сәйкес ${date(d.wardBirthDate)} жылы туған ${d.wardFullName} және оның мүлкіне шынымен ${role} болып тағайындалған (${property}).`,
      })),
      para(ctx.t({
        ru: 'На опекуна (попечителя) возлагается обязанность о воспитании, обучении, подготовки к общественно-полезной деятельности подопечного, защищать и охранять его личные имущественные права, являясь его представителем на суде и во всех государственных учреждениях без особого полномочия.',
        kk: 'Қорғаншыға (қамқоршыға) қамқорлықтағы адамды тәрбиелеу, оқыту, қоғамдық пайдалы қызметке даярлау, оның жеке мүліктік құқықтарын қорғау және сақтау міндеті жүктеледі, ол арнайы өкілеттіксіз сотта және барлық мемлекеттік мекемелерде оның өкілі болып табылады.',
      })),
      signatureLine(ctx, ctx.header.headTitle, d.headName),
    ];
  },
};
