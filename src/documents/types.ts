// The shapes shared by templates, the renderer and the store: languages, field specs and the render context.
import type { DocumentScope } from './scope.js';

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

/** Everything the page around a template's body needs besides its data. */
export interface RenderContext {
  lang: Lang;
  t(text: Bilingual): string;
  scope: DocumentScope;
  /** The request number (Уникальный номер). */
  requestNumber: string;
  issuedAt: Date;
  verificationCode: string;
  /** The URL in the QR code. */
  verifyUrl: string;
  /** O of the signing certificate, printed in the signature note. */
  signerOrganisation: string;
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
