// Мотивированный отказ: the negative output of every service, carrying the refusal reason. The wording follows the
// act of the service: the structured templates of S3 (spec-semey §4.6(c)), S6 (§7.6) and S7 (§8.6, with the right of
// appeal), the S1 sample (§2.6), and the free-form letter «с текстом обоснования отказа» (§1.4) for the rest.
import type { Content } from 'pdfmake/interfaces.js';
import type { OutputForm, FieldSpec, RenderContext } from '../types.js';
import { date, para, row, signatureLine, title, v } from '../text.js';

export interface RefusalData {
  applicantFullName: string;
  refusalReason: string;
  childFullName?: string;
  childBirthDate?: string;
  familySize?: number;
  address?: string;
  phone?: string;
  headName?: string;
}

const fields: readonly FieldSpec[] = [
  { name: 'applicantFullName', type: 'string', required: true, label: { ru: 'ФИО заявителя', kk: 'Өтініш берушінің Т.А.Ә.' } },
  { name: 'refusalReason', type: 'text', required: true, maxLength: 2000, label: { ru: 'Причина отказа', kk: 'Бас тарту себебі' } },
  { name: 'childFullName', type: 'string', required: false, label: { ru: 'ФИО ребенка', kk: 'Баланың Т.А.Ә.' } },
  { name: 'childBirthDate', type: 'date', required: false, label: { ru: 'Дата рождения ребенка', kk: 'Баланың туған күні' } },
  { name: 'familySize', type: 'integer', required: false, label: { ru: 'Состав семьи (человек)', kk: 'Отбасы құрамы (адам)' } },
  { name: 'address', type: 'string', required: false, label: { ru: 'Адрес', kk: 'Мекенжайы' } },
  { name: 'phone', type: 'string', required: false, maxLength: 40, label: { ru: 'Телефон', kk: 'Телефон' } },
  { name: 'headName', type: 'string', required: false, label: { ru: 'Начальник (ФИО)', kk: 'Бастық (Т.А.Ә.)' } },
];

const reasonLabel = fields[1]!.label;

function letter(d: RefusalData, ctx: RenderContext): Content[] {
  const h = ctx.header;
  const reason = row(ctx, reasonLabel, d.refusalReason);
  switch (h.service) {
    case 'preschool-queue':
    case 'preschool-registration':
      return [para(ctx.t({
        ru: `Уважаемый (ая) ${d.applicantFullName}, уведомляем Вас о том, что Вам отказано в выдаче направления Вашему ребенку ${v(d.childFullName)} в детскую дошкольную организацию по причине: ${d.refusalReason}`,
        kk: `Құрметті ${d.applicantFullName}, Сіздің балаңызға ${v(d.childFullName)} мектепке дейінгі балалар ұйымына жолдама беруден бас тартылғанын хабарлаймыз. Бас тарту себебі: ${d.refusalReason}`,
      }))];
    case 'guardianship-certificate':
      return [para(ctx.t({
        ru: `Уважаемый ${d.applicantFullName}, уведомляем Вас о том, что Вам отказано в выдаче справки по опеке и попечительству над ${v(d.childFullName)} ${date(d.childBirthDate) || '________'} года рождения и над его (ее) имуществом.`,
        kk: `Құрметті ${d.applicantFullName}, Сізге ${date(d.childBirthDate) || '________'} жылы туған ${v(d.childFullName)} және оның мүлкіне қорғаншылық және қамқоршылық жөнінде анықтама беруден бас тартылғанын хабарлаймыз.`,
      })), reason];
    case 'housing-queue':
      return [
        para(ctx.t({
          ru: `Ставим Вас в известность, что Вам (состав семьи ${v(d.familySize)} человек) отказано в постановке на учет граждан, нуждающихся в жилье из государственного жилищного фонда.`,
          kk: `Сізге (отбасы құрамы ${v(d.familySize)} адам) мемлекеттік тұрғын үй қорынан тұрғын үйге мұқтаж азаматтардың есебіне қоюдан бас тартылғанын хабарлаймыз.`,
        })),
        reason,
        para(ctx.t({
          ru: 'В случае несогласия с данным решением, Вы вправе обжаловать его в порядке, установленном законодательством.',
          kk: 'Осы шешіммен келіспеген жағдайда, Сіз оған заңнамада белгіленген тәртіппен шағымдануға құқылысыз.',
        })),
      ];
    case 'unemployed-certificate':
      return [para(ctx.t({
        ru: 'Доводим до Вашего сведения, что Вам отказано в предоставлении справки безработного.',
        kk: 'Сізге жұмыссыз ретінде анықтама беруден бас тартылғанын хабарлаймыз.',
      })), reason];
    default:
      return [para(ctx.t({
        ru: `Уважаемый (ая) ${d.applicantFullName}, уведомляем Вас о том, что Вам отказано в оказании государственной услуги «${h.serviceTitle.ru}».`,
        kk: `Құрметті ${d.applicantFullName}, Сізге «${h.serviceTitle.kk}» мемлекеттік қызметін көрсетуден бас тартылғанын хабарлаймыз.`,
      })), reason];
  }
}

export const refusal: OutputForm<RefusalData> = {
  id: 'refusal',
  title: { ru: 'Мотивированный отказ в предоставлении государственной услуги', kk: 'Мемлекеттік қызметті көрсетуден дәлелді бас тарту' },
  spec: 'spec-kindergarten §7.1 (мотивированный ответ об отказе); spec-semey §1.4, §2.6, §3.6, §4.6(c), §5.6, §6.6, §7.6, §8.6',
  services: ['preschool-queue', 'preschool-registration', 'unemployed-certificate', 'disabled-children-home-education', 'minors-deposits-certificate', 'guardianship-property-deal-certificate', 'guardianship-certificate', 'housing-queue'],
  sampleTenant: 'semey',
  sampleService: 'guardianship-certificate',
  fields,
  sample: {
    applicantFullName: 'Сейітқали Әлия Нұрланқызы',
    childFullName: 'Сейітқали Жаһангер Ерланұлы',
    childBirthDate: '2022-03-14',
    refusalReason: 'запись не найдена в Электронном реестре по опеке и попечительству.',
  },
  body(d, ctx) {
    return [
      { text: [{ text: ctx.t({ ru: 'Кому: ', kk: 'Кімге: ' }), bold: true }, d.applicantFullName], margin: [0, 0, 0, 2] },
      ...(d.address ? [row(ctx, fields[5]!.label, d.address)] : []),
      ...(d.phone ? [row(ctx, fields[6]!.label, d.phone)] : []),
      title(ctx.t({ ru: 'Уведомление об отказе', kk: 'Бас тарту туралы хабарлама' })),
      ...letter(d, ctx),
      signatureLine(ctx, ctx.header.headTitle, d.headName),
    ];
  },
};
