// Справка for minors' pension savings, bank deposits or a vehicle, one of three variants by addressee
// (spec-semey §5.6, positive outputs of S4: pension fund, bank, road police).
import type { OutputForm, FieldSpec, RenderContext } from '../types.js';
import { choice, date, field, para, signatureLine, title } from '../text.js';

export type MinorsDepositsVariant = 'pension-fund' | 'bank' | 'road-police';

export interface MinorsDepositsCertificateData {
  variant: MinorsDepositsVariant;
  addressee: string;
  applicantFullName: string;
  applicantBirthYear: number;
  idNumber: string;
  idIssuedOn: string;
  idIssuedBy: string;
  children: string;
  inheritanceBasis?: 'law' | 'will';
  inheritanceCertificateDate?: string;
  notaryLicenseNumber?: string;
  notaryLicenseDate?: string;
  notaryLicenseIssuedBy?: string;
  deceasedFullName?: string;
  deathCertificateDate?: string;
  deathCertificateNumber?: string;
  transaction?: string;
  vehicle?: string;
  headName?: string;
}

const fields: readonly FieldSpec[] = [
  {
    name: 'variant', type: 'enum', required: true, label: { ru: 'Адресат справки', kk: 'Анықтаманың адресаты' },
    values: {
      'pension-fund': { ru: 'накопительный пенсионный фонд', kk: 'жинақтаушы зейнетақы қоры' },
      bank: { ru: 'банк', kk: 'банк' },
      'road-police': { ru: 'территориальное подразделение Комитета дорожной полиции МВД РК', kk: 'ҚР ІІМ Жол полициясы комитетінің аумақтық бөлімшесі' },
    },
  },
  { name: 'addressee', type: 'string', required: true, label: { ru: 'Наименование фонда, банка или подразделения', kk: 'Қордың, банктің немесе бөлімшенің атауы' } },
  { name: 'applicantFullName', type: 'string', required: true, label: { ru: 'Ф.И.О. заявителя', kk: 'Өтініш берушінің Т.А.Ә.' } },
  { name: 'applicantBirthYear', type: 'integer', required: true, label: { ru: 'Год рождения заявителя', kk: 'Өтініш берушінің туған жылы' } },
  { name: 'idNumber', type: 'string', required: true, maxLength: 20, label: { ru: 'Удостоверение личности №', kk: 'Жеке куәлік №' } },
  { name: 'idIssuedOn', type: 'date', required: true, label: { ru: 'Дата выдачи удостоверения', kk: 'Куәліктің берілген күні' } },
  { name: 'idIssuedBy', type: 'string', required: true, label: { ru: 'Кем выдано', kk: 'Кім берді' } },
  { name: 'children', type: 'string', required: true, maxLength: 600, label: { ru: 'Ф.И.О. ребенка (детей), год рождения', kk: 'Баланың (балалардың) Т.А.Ә., туған жылы' } },
  { name: 'inheritanceBasis', type: 'enum', required: false, label: { ru: 'Наследование', kk: 'Мұрагерлік' }, values: { law: { ru: 'закону', kk: 'заң' }, will: { ru: 'завещанию', kk: 'өсиет' } } },
  { name: 'inheritanceCertificateDate', type: 'date', required: false, label: { ru: 'Дата свидетельства о праве на наследство', kk: 'Мұраға құқық туралы куәліктің күні' } },
  { name: 'notaryLicenseNumber', type: 'string', required: false, label: { ru: 'Государственная лицензия нотариуса №', kk: 'Нотариустың мемлекеттік лицензиясы №' } },
  { name: 'notaryLicenseDate', type: 'date', required: false, label: { ru: 'Дата лицензии', kk: 'Лицензияның күні' } },
  { name: 'notaryLicenseIssuedBy', type: 'string', required: false, label: { ru: 'Кем выдана лицензия', kk: 'Лицензияны кім берді' } },
  { name: 'deceasedFullName', type: 'string', required: false, label: { ru: 'Ф.И.О. наследодателя', kk: 'Мұра қалдырушының Т.А.Ә.' } },
  { name: 'deathCertificateDate', type: 'date', required: false, label: { ru: 'Дата свидетельства о смерти', kk: 'Қайтыс болу туралы куәліктің күні' } },
  { name: 'deathCertificateNumber', type: 'string', required: false, label: { ru: 'Свидетельство о смерти №', kk: 'Қайтыс болу туралы куәлік №' } },
  { name: 'transaction', type: 'string', required: false, label: { ru: 'Действие с транспортным средством', kk: 'Көлік құралымен әрекет' } },
  { name: 'vehicle', type: 'string', required: false, label: { ru: 'Транспортное средство', kk: 'Көлік құралы' } },
  { name: 'headName', type: 'string', required: false, label: { ru: 'Начальник отдела образования (Ф.И.О.)', kk: 'Білім бөлімінің бастығы (Т.А.Ә.)' } },
];

const byVariant: Record<MinorsDepositsVariant, (keyof MinorsDepositsCertificateData)[]> = {
  'pension-fund': ['inheritanceBasis', 'inheritanceCertificateDate', 'notaryLicenseNumber', 'notaryLicenseDate', 'notaryLicenseIssuedBy', 'deceasedFullName', 'deathCertificateDate', 'deathCertificateNumber'],
  bank: [],
  'road-police': ['transaction', 'vehicle'],
};

function applicant(d: MinorsDepositsCertificateData, ctx: RenderContext): string {
  return ctx.t({
    ru: `${d.applicantFullName}, ${d.applicantBirthYear} года рождения, (удостоверение личности № ${d.idNumber} от ${date(d.idIssuedOn)} года, выдано ${d.idIssuedBy})`,
    kk: `${d.applicantFullName}, ${d.applicantBirthYear} жылы туған, (жеке куәлік № ${d.idNumber}, ${date(d.idIssuedOn)} жылы ${d.idIssuedBy} берген)`,
  });
}

function text(d: MinorsDepositsCertificateData, ctx: RenderContext): string {
  const org = ctx.header.providerShort;
  const who = applicant(d, ctx);
  switch (d.variant) {
    case 'pension-fund': {
      const basis = choice(ctx, field(fields, 'inheritanceBasis'), d.inheritanceBasis);
      return ctx.t({
        ru: `${org.ru} разрешает ${who}, законному (ым) представителю (ям) (родителям (родителю), опекуну или попечителю, патронатному воспитателю и другим заменяющим их лицам) несовершеннолетнего ${d.children}, получить наследуемые пенсионные накопления в ${d.addressee}, с причитающимся инвестиционным доходом, пеней и иными поступлениями в соответствии с законодательством, согласно свидетельству о праве на наследство по ${basis} от ${date(d.inheritanceCertificateDate)} года, выданного нотариусом (государственная лицензия № ${d.notaryLicenseNumber} от ${date(d.notaryLicenseDate)} года, выдана ${d.notaryLicenseIssuedBy}), в связи со смертью вкладчика ${d.deceasedFullName} (свидетельство о смерти от ${date(d.deathCertificateDate)} года, № ${d.deathCertificateNumber}).`,
        kk: `${org.kk} ${who} – кәмелетке толмаған ${d.children} заңды өкіліне (өкілдеріне) (ата-анасына (ата-анасының біреуіне), қорғаншысына немесе қамқоршысына, патронаттық тәрбиешісіне және оларды алмастыратын басқа да адамдарға) салымшы ${d.deceasedFullName} қайтыс болуына байланысты (қайтыс болу туралы куәлік ${date(d.deathCertificateDate)} жылғы № ${d.deathCertificateNumber}), нотариус (мемлекеттік лицензия № ${d.notaryLicenseNumber}, ${date(d.notaryLicenseDate)} жылы ${d.notaryLicenseIssuedBy} берген) берген ${date(d.inheritanceCertificateDate)} жылғы ${basis} бойынша мұраға құқық туралы куәлікке сәйкес ${d.addressee} мұраға қалған зейнетақы жинақтарын тиесілі инвестициялық кірісімен, өсімпұлымен және заңнамаға сәйкес өзге де түсімдерімен алуға рұқсат береді.`,
      });
    }
    case 'bank':
      return ctx.t({
        ru: `${org.ru} разрешает ${who}, законному (ым) представителю (ям) (родители (родитель), опекуну (ам) или попечителю, патронатному воспитателю и другим заменяющим их лицам) несовершеннолетнего ребенка (детей) ${d.children}, распорядиться вкладами несовершеннолетнего ребенка (детей) в ${d.addressee}, с причитающимися инвестиционным доходом, пеней и иными поступлениями в соответствии с законодательством.`,
        kk: `${org.kk} ${who} – кәмелетке толмаған баланың (балалардың) ${d.children} заңды өкіліне (өкілдеріне) (ата-анасына (ата-анасының біреуіне), қорғаншысына (қорғаншыларына) немесе қамқоршысына, патронаттық тәрбиешісіне және оларды алмастыратын басқа да адамдарға) кәмелетке толмаған баланың (балалардың) ${d.addressee} салымдарына тиесілі инвестициялық кірісімен, өсімпұлымен және заңнамаға сәйкес өзге де түсімдерімен билік етуге рұқсат береді.`,
      });
    case 'road-police':
      return ctx.t({
        ru: `${org.ru}, действующий в интересах несовершеннолетнего (-ей, -их) ${d.children}, разрешает ${who} ${d.transaction} транспортного средства: ${d.vehicle}.`,
        kk: `${org.kk} кәмелетке толмаған ${d.children} мүддесінде әрекет ете отырып, ${who} көлік құралына (${d.vehicle}) қатысты мына әрекетке рұқсат береді: ${d.transaction}.`,
      });
  }
}

export const minorsDepositsCertificate: OutputForm<MinorsDepositsCertificateData> = {
  id: 'minors-deposits-certificate',
  title: { ru: 'Справка для распоряжения вкладами (имуществом) несовершеннолетних детей', kk: 'Кәмелетке толмаған балалардың салымдарына (мүлкіне) билік ету үшін анықтама' },
  spec: 'spec-semey §5.6 (S4, справка 1 — пенсионный фонд, 2 — банк, 3 — дорожная полиция)',
  services: ['minors-deposits-certificate'],
  sampleTenant: 'semey',
  fields,
  missing: (d) => byVariant[d.variant].filter((k) => d[k] === undefined) as string[],
  sample: {
    variant: 'pension-fund',
    addressee: 'АО «Единый накопительный пенсионный фонд»',
    applicantFullName: 'Сейітқали Әлия Нұрланқызы',
    applicantBirthYear: 1991,
    idNumber: '043219876',
    idIssuedOn: '2019-05-06',
    idIssuedBy: 'МВД РК',
    children: 'Сейітқали Жаһангер Ерланұлы, 2022 г.р.',
    inheritanceBasis: 'law',
    inheritanceCertificateDate: '2026-10-01',
    notaryLicenseNumber: '0001234',
    notaryLicenseDate: '2010-02-15',
    notaryLicenseIssuedBy: 'Министерство юстиции РК',
    deceasedFullName: 'Сейітқали Ерлан Болатұлы',
    deathCertificateDate: '2026-03-11',
    deathCertificateNumber: '0098765',
  },
  body(d, ctx) {
    return [
      { text: ctx.t({ ru: 'Адресат', kk: 'Адресат' }) + ': ' + d.addressee, alignment: 'right', margin: [0, 0, 0, 6] },
      title(ctx.t({ ru: 'СПРАВКА', kk: 'АНЫҚТАМА' })),
      para(text(d, ctx)),
      para(ctx.t({ ru: 'Справка действительна в течение 1 (одного) месяца со дня выдачи.', kk: 'Анықтама берілген күнінен бастап 1 (бір) ай ішінде жарамды.' }), { bold: true }),
      signatureLine(ctx, ctx.header.headTitle, d.headName),
    ];
  },
};
