// The shapes shared by output forms, the renderer and the store: languages, field specs, the act header and render context.
import type { Content } from 'pdfmake/interfaces.js';

export type Lang = 'ru' | 'kk';
export const LANGS: readonly Lang[] = ['ru', 'kk'];

/** A text in both languages of the act; Russian is verbatim from the spec, Kazakh verbatim where the act has it. */
export interface Bilingual { ru: string; kk: string }

export type FieldType = 'string' | 'text' | 'date' | 'integer' | 'enum' | 'list';

export interface FieldSpec {
  name: string;
  label: Bilingual;
  type: FieldType;
  required: boolean;
  /** enum: the allowed values, and how each is written in the document. */
  values?: Readonly<Record<string, Bilingual>>;
  /** string/text: the longest value accepted (default 300 for string, 2 000 for text). */
  maxLength?: number;
  /** list: the fields of one row, and the most rows accepted (default 20). */
  items?: readonly FieldSpec[];
  maxItems?: number;
}

/** The act's identity printed on every document: who issues it, under which регламент, for which service. */
export interface ActHeader {
  tenant: string;
  service: string;
  /** The provider organisation (услугодатель), full name. */
  provider: Bilingual;
  /** Short name used inside sentences («Отдел образования города Семей направляет …»). */
  providerShort: Bilingual;
  serviceTitle: Bilingual;
  /** «утвержден постановлением акимата … от … № …». */
  act: Bilingual;
  /** Who signs on paper, e.g. «Начальник отдела образования города Семей». */
  headTitle: Bilingual;
  specialistTitle: Bilingual;
  /** A note the act prints on the направление (validity), when it has one. */
  directionNote?: Bilingual;
}

/** Everything a form needs besides its data. */
export interface RenderContext {
  lang: Lang;
  t(text: Bilingual): string;
  header: ActHeader;
  /** The request number (Уникальный номер). */
  requestNumber: string;
  issuedAt: Date;
  verificationCode: string;
  /** The URL in the QR code. */
  verifyUrl: string;
  /** O of the signing certificate, printed in the signature note. */
  signerOrganisation: string;
}

export interface OutputForm<D = Record<string, unknown>> {
  id: string;
  title: Bilingual;
  /** The spec sections this form implements, e.g. 'spec-semey §4.6(a); spec-kindergarten §7.1'. */
  spec: string;
  /** Service ids whose bundles may use this form. */
  services: readonly string[];
  /** The tenant whose act headers a preview uses. */
  sampleTenant: string;
  /** The service a preview uses when the tenant has several that use this form. */
  sampleService?: string;
  fields: readonly FieldSpec[];
  sample: D;
  /** Field names required only in some cases (e.g. per variant); the generic validator checks `required` first. */
  missing?(data: D): string[];
  body(data: D, ctx: RenderContext): Content[];
}

/** Identifies one document for storage, verification and delivery. */
export interface DocumentMeta {
  id: string;
  form: string;
  lang: Lang;
  tenantId: string;
  service: string;
  processInstanceId: string | null;
  requestNumber: string;
  verificationCode: string;
  createdAt: Date;
}
