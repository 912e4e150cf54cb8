// Renders one output document to PDF bytes: validates the data against the template's fields, lays out the page.
// Which template and which act: the caller resolves them (./template-source.ts), so this module reads no storage.
import { InvalidRequestError } from '../errors.js';
import { documentDefinition } from './layout.js';
import { renderPdf } from './pdf.js';
import type { DocumentScope } from './scope.js';
import type { DocumentTemplate } from './template/types.js';
import { validateFormData } from './validate.js';
import type { Lang, RenderContext } from './types.js';
import { LANGS } from './types.js';

export interface RenderInput {
  template: DocumentTemplate;
  scope: DocumentScope;
  lang: Lang;
  data: unknown;
  requestNumber: string;
  issuedAt: Date;
  verificationCode: string;
  verifyUrl: string;
  signerOrganisation: string;
}

export interface Rendered {
  pdf: Buffer;
  /** The validated data: only the template's fields, typed. */
  data: Record<string, unknown>;
}

export function checkLang(lang: unknown): Lang {
  if (typeof lang !== 'string' || !(LANGS as readonly string[]).includes(lang)) {
    throw new InvalidRequestError(`Unknown document language '${String(lang).slice(0, 10)}': use ru or kk`);
  }
  return lang as Lang;
}

/** Validates everything a render needs without rendering: fast, for early errors. */
export function prepare(input: RenderInput): { ctx: RenderContext; data: Record<string, unknown> } {
  const lang = checkLang(input.lang);
  const data = validateFormData(input.template, input.data);
  const ctx: RenderContext = {
    lang,
    t: (text) => text[lang],
    scope: input.scope,
    requestNumber: input.requestNumber,
    issuedAt: input.issuedAt,
    verificationCode: input.verificationCode,
    verifyUrl: input.verifyUrl,
    signerOrganisation: input.signerOrganisation,
  };
  return { ctx, data };
}

export async function renderDocument(input: RenderInput): Promise<Rendered> {
  const { ctx, data } = prepare(input);
  const pdf = await renderPdf(documentDefinition(input.template, data, ctx));
  return { pdf, data };
}
