// The page every output document shares: the e-gov header, the act's header, the body of the template,
// and the footer with the legal-equivalence formula, the QR code and the human-readable verification code.
import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces.js';
import { formatDate } from './template/helpers.js';
import type { RenderContext } from './types.js';
import type { DocumentTemplate } from './template/types.js';
import { renderBody } from './template/render-blocks.js';

// spec-semey §1.4 «e-gov header block on e-documents», bilingual on every form.
const EGOV_HEADER = 'Құжат электрондық үкімет жүйесінде құрылған / Документ сформирован системой электронного правительства';
const UNIQUE_NUMBER = 'Бірегей нөмір / Уникальный номер';
const ISSUE_DATE = 'Берілген күні / Дата выдачи';

// spec-semey §1.4 legal-equivalence formula; the Kazakh is the OCR-damaged original, corrected.
const LEGAL = {
  ru: 'Данный документ согласно пункту 1 статьи 7 ЗРК от 7 января 2003 года «Об электронном документе и электронной цифровой подписи» равнозначен документу на бумажном носителе.',
  kk: 'Осы құжат «Электрондық құжат және электрондық цифрлық қолтаңба туралы» 2003 жылғы 7 қаңтардағы № 370-II ҚРЗ 7-бабының 1-тармағына сәйкес қағаз жеткізгіштегі құжатпен бірдей.',
};

function qrNote(ctx: RenderContext): string {
  // Stands in for the act's barcode note («Штрих-код содержит данные … подписанные электронно-цифровой подписью …»):
  // the code now leads to the public verification endpoint.
  return ctx.t({
    ru: `QR-код содержит ссылку для проверки подлинности документа, подписанного электронной цифровой подписью: ${ctx.signerOrganisation}.`,
    kk: `QR-код ${ctx.signerOrganisation} электрондық цифрлық қолтаңбасымен қол қойылған құжаттың түпнұсқалығын тексеруге арналған сілтемені қамтиды.`,
  });
}

export function documentDefinition(template: DocumentTemplate, data: Record<string, unknown>, ctx: RenderContext): TDocumentDefinitions {
  const s = ctx.scope;
  const header: Content[] = [
    {
      columns: [
        { width: 60, text: 'eGov', style: 'egov' },
        { width: '*', text: EGOV_HEADER, style: 'small', alignment: 'right' },
      ],
    },
    {
      margin: [0, 6, 0, 8],
      table: {
        widths: ['*', 'auto'],
        body: [
          [{ text: UNIQUE_NUMBER, style: 'small' }, { text: ctx.requestNumber, bold: true }],
          [{ text: ISSUE_DATE, style: 'small' }, { text: formatDate(ctx.issuedAt)!, bold: true }],
        ],
      },
      layout: 'lightHorizontalLines',
    },
    { text: ctx.t(s.provider.name), style: 'provider' },
    {
      text: ctx.lang === 'ru'
        ? `Регламент электронной государственной услуги «${s.serviceTitle.ru}». ${s.approval.ru}`
        : `«${s.serviceTitle.kk}» электрондық мемлекеттік қызмет регламенті. ${s.approval.kk}`,
      style: 'act',
    },
  ];
  const footer: Content[] = [
    { canvas: [{ type: 'line', x1: 0, y1: 0, x2: 495, y2: 0, lineWidth: 0.5 }], margin: [0, 18, 0, 6] },
    {
      columns: [
        { width: 96, qr: ctx.verifyUrl, fit: 96, eccLevel: 'M' },
        {
          width: '*',
          stack: [
            { text: ctx.t(LEGAL), style: 'small', margin: [0, 0, 0, 4] },
            { text: qrNote(ctx), style: 'small', margin: [0, 0, 0, 4] },
            { text: [{ text: ctx.t({ ru: 'Код проверки: ', kk: 'Тексеру коды: ' }) }, { text: ctx.verificationCode, bold: true, font: 'Roboto' }], fontSize: 11 },
            { text: ctx.verifyUrl, style: 'small', color: '#444444' },
          ],
        },
      ],
    },
  ];
  return {
    pageSize: 'A4',
    pageMargins: [50, 40, 50, 50],
    info: { title: ctx.t(template.title), creator: 'reglament', subject: template.id },
    content: [...header, ...renderBody(template, data, ctx.lang, s, {
      requestNumber: ctx.requestNumber, issuedOn: formatDate(ctx.issuedAt)!, verificationCode: ctx.verificationCode, signerOrganisation: ctx.signerOrganisation,
    }), ...footer],
    defaultStyle: { font: 'Roboto', fontSize: 10.5, lineHeight: 1.15 },
    styles: {
      egov: { fontSize: 14, bold: true, color: '#1a5fa8' },
      small: { fontSize: 8, color: '#333333' },
      provider: { fontSize: 11, bold: true, alignment: 'center', margin: [0, 4, 0, 2] },
      act: { fontSize: 8, alignment: 'center', color: '#333333', margin: [0, 0, 0, 14] },
      title: { fontSize: 13, bold: true, alignment: 'center', margin: [0, 6, 0, 10] },
      subtitle: { fontSize: 10.5, alignment: 'center', margin: [0, 0, 0, 10] },
      th: { bold: true, fontSize: 9.5 },
    },
  };
}
