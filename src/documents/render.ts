// Renders one output form to PDF bytes: validates the data, picks the act header, lays out the page.
import { InvalidRequestError } from '../errors.js';
import { actHeader } from './acts.js';
import { getForm } from './forms/index.js';
import { documentDefinition } from './layout.js';
import { renderPdf } from './pdf.js';
import { validateFormData } from './validate.js';
import type { ActHeader, Lang, RenderContext } from './types.js';
import { LANGS } from './types.js';

export interface RenderInput {
  form: string;
  lang: Lang;
  data: unknown;
  tenant: string;
  /** The service whose act heads the document; optional when the tenant has one service using this form. */
  service?: string;
  requestNumber: string;
  issuedAt: Date;
  verificationCode: string;
  verifyUrl: string;
  signerOrganisation: string;
}

export interface Rendered {
  pdf: Buffer;
  /** The validated data: only the form's fields, typed. */
  data: Record<string, unknown>;
  header: ActHeader;
}

export function checkLang(lang: unknown): Lang {
  if (typeof lang !== 'string' || !(LANGS as readonly string[]).includes(lang)) {
    throw new InvalidRequestError(`Unknown document language '${String(lang).slice(0, 10)}': use ru or kk`);
  }
  return lang as Lang;
}

/** Validates and resolves everything a render needs without rendering: fast, for early errors. */
export function prepare(input: RenderInput): { ctx: RenderContext; data: Record<string, unknown> } {
  const form = getForm(input.form);
  const lang = checkLang(input.lang);
  const data = validateFormData(form, input.data) as Record<string, unknown>;
  const header = actHeader(input.tenant, input.service, form.services, form.id);
  const ctx: RenderContext = {
    lang,
    t: (text) => text[lang],
    header,
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
  const form = getForm(input.form);
  const pdf = await renderPdf(documentDefinition(form, data, ctx));
  return { pdf, data, header: ctx.header };
}
