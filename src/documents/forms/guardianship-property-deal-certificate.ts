// Справка органа опеки и попечительства for a deal with a minor's real property: sale, exchange, gift or pledge
// (spec-semey §6.6, positive output of S5).
import type { OutputForm, FieldSpec } from '../types.js';
import { choice, para, signatureLine, title } from '../text.js';

export interface GuardianshipPropertyDealData {
  children: string;
  deal: 'sale' | 'exchange' | 'gift' | 'pledge';
  propertyAddress: string;
  headName?: string;
}

const fields: readonly FieldSpec[] = [
  { name: 'children', type: 'string', required: true, maxLength: 600, label: { ru: 'Несовершеннолетний (-ие)', kk: 'Кәмелетке толмаған бала (балалар)' } },
  {
    name: 'deal', type: 'enum', required: true, label: { ru: 'Сделка', kk: 'Мәміле' },
    values: {
      sale: { ru: 'продажу', kk: 'сатуға' },
      exchange: { ru: 'обмен', kk: 'айырбастауға' },
      gift: { ru: 'дарение', kk: 'сыйға беруге' },
      pledge: { ru: 'залог', kk: 'кепілге беруге' },
    },
  },
  { name: 'propertyAddress', type: 'string', required: true, label: { ru: 'Адрес недвижимого имущества', kk: 'Жылжымайтын мүліктің мекенжайы' } },
  { name: 'headName', type: 'string', required: false, label: { ru: 'Начальник отдела образования (Ф.И.О.)', kk: 'Білім бөлімінің бастығы (Т.А.Ә.)' } },
];

export const guardianshipPropertyDealCertificate: OutputForm<GuardianshipPropertyDealData> = {
  id: 'guardianship-property-deal-certificate',
  title: { ru: 'Справка органа опеки и попечительства для оформления сделки с имуществом несовершеннолетних', kk: 'Кәмелетке толмағандардың мүлкімен мәмілені ресімдеу үшін қорғаншылық және қамқоршылық органының анықтамасы' },
  spec: 'spec-semey §6.6 (S5, выходная форма «Справка»)',
  services: ['guardianship-property-deal-certificate'],
  sampleTenant: 'semey',
  fields,
  sample: {
    children: 'Сейітқали Жаһангер Ерланұлы, 2022 г.р.; Сейітқали Әйгерім Ерланқызы, 2015 г.р.',
    deal: 'sale',
    propertyAddress: 'Семей қ., Абай көшесі, 7, 15 пәтер',
  },
  body(d, ctx) {
    const deal = choice(ctx, fields[1], d.deal);
    return [
      title(ctx.t({ ru: 'СПРАВКА', kk: 'АНЫҚТАМА' })),
      para(ctx.t({
        // Verbatim, including the act's own «Районный отдел образования» (spec-semey I-16).
        ru: `Районный отдел образования, осуществляющий функции органов опеки и попечительства, согласно статьям 22-24 Гражданского кодекса Республики Казахстан, пункту 3 статьи 13 Закона Республики Казахстан "О жилищных отношениях", статье 128 Кодекса Республики Казахстан "О браке (супружестве) и семье", действующий в интересах несовершеннолетнего (-ей, - их) ${d.children} разрешает на ${deal} недвижимого имущества, расположенного по адресу ${d.propertyAddress}.`,
        kk: `Қазақстан Республикасы Азаматтық кодексінің 22-24-баптарына, «Тұрғын үй қатынастары туралы» Қазақстан Республикасы Заңының 13-бабының 3-тармағына, «Неке (ерлі-зайыптылық) және отбасы туралы» Қазақстан Республикасы Кодексінің 128-бабына сәйкес қорғаншылық және қамқоршылық органдарының функцияларын жүзеге асыратын аудандық білім бөлімі кәмелетке толмаған ${d.children} мүддесінде әрекет ете отырып, ${d.propertyAddress} мекенжайы бойынша орналасқан жылжымайтын мүлікті ${deal} рұқсат береді.`,
      })),
      signatureLine(ctx, ctx.header.headTitle, d.headName),
      para(ctx.t({ ru: 'Справка действительна в течение 1 (одного) месяца со дня выдачи.', kk: 'Анықтама берілген күнінен бастап 1 (бір) ай ішінде жарамды.' }), { bold: true }),
    ];
  },
};
