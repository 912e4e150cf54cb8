// The values a placeholder may name besides the template's own fields: the act, the provider, the signers, the
// tenant and the document itself. One table, read by the renderer and by the deploy-time check alike.
import type { Bilingual, Lang } from '../types.js';
import type { DocumentScope } from '../scope.js';

export interface DocumentFacts {
  requestNumber: string;
  /** DD.MM.YYYY in Asia/Almaty. */
  issuedOn: string;
  verificationCode: string;
  signerOrganisation: string;
}

type Getter = (scope: DocumentScope, doc: DocumentFacts) => Bilingual | string | null;

export const CONTEXT_PATHS: Readonly<Record<string, { summary: string; get: Getter }>> = {
  'act.serviceTitle': { summary: "the service's title (manifest title)", get: (s) => s.serviceTitle },
  'act.approval': { summary: 'the approval line of the act (manifest act.approval)', get: (s) => s.approval },
  'act.number': { summary: "the act's number (manifest act.number)", get: (s) => s.actNumber },
  'act.date': { summary: "the act's date, YYYY-MM-DD (manifest act.date); use {{longDate act.date}}", get: (s) => s.actDate },
  'provider.name': { summary: "the provider's full name (tenant profile)", get: (s) => s.provider.name },
  'provider.shortName': { summary: "the provider's short name, used inside sentences (tenant profile)", get: (s) => s.provider.shortName },
  'signer.head': { summary: 'the title of the head who signs (tenant profile signers, role head)', get: (s) => s.signers.head },
  'signer.specialist': { summary: 'the title of the specialist who signs (tenant profile signers, role specialist)', get: (s) => s.signers.specialist },
  'tenant.name': { summary: "the akimat's name (tenant profile)", get: (s) => s.tenantName },
  'tenant.organization': { summary: 'the organisation shown on signatures (tenant profile)', get: (s) => s.organization },
  'document.number': { summary: 'the request number (Уникальный номер)', get: (_s, d) => d.requestNumber },
  'document.issuedOn': { summary: 'the issue date, DD.MM.YYYY', get: (_s, d) => d.issuedOn },
  'document.verificationCode': { summary: 'the verification code', get: (_s, d) => d.verificationCode },
  'document.signer': { summary: 'the organisation of the signing certificate', get: (_s, d) => d.signerOrganisation },
};

export function contextValue(path: string, scope: DocumentScope, doc: DocumentFacts, lang: Lang): string | undefined {
  const entry = CONTEXT_PATHS[path];
  if (!entry) return undefined;
  const v = entry.get(scope, doc);
  if (v === null) return undefined;
  return typeof v === 'string' ? v : v[lang];
}
