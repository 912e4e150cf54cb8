// The registry of output forms: every form id a BPMN bundle may name in a document-generate task.
import type { FieldSpec, OutputForm } from '../types.js';
import { NotFoundError } from '../../errors.js';
import { preschoolDirection } from './preschool-direction.js';
import { preschoolQueueNotice } from './preschool-queue-notice.js';
import { preschoolRegistrationNotice } from './preschool-registration-notice.js';
import { unemployedCertificate } from './unemployed-certificate.js';
import { disabledChildrenHomeEducationDecision } from './disabled-children-home-education-decision.js';
import { minorsDepositsCertificate } from './minors-deposits-certificate.js';
import { guardianshipPropertyDealCertificate } from './guardianship-property-deal-certificate.js';
import { guardianshipCertificate } from './guardianship-certificate.js';
import { housingQueueNotice } from './housing-queue-notice.js';
import { refusal } from './refusal.js';

// Widened to the generic form type: callers validate data before it reaches a form's body.
export const forms: readonly OutputForm<any>[] = [
  preschoolDirection,
  preschoolQueueNotice,
  preschoolRegistrationNotice,
  unemployedCertificate,
  disabledChildrenHomeEducationDecision,
  minorsDepositsCertificate,
  guardianshipPropertyDealCertificate,
  guardianshipCertificate,
  housingQueueNotice,
  refusal,
];

export const formIds: readonly string[] = forms.map((f) => f.id);

export function getForm(id: string): OutputForm<any> {
  const form = forms.find((f) => f.id === id);
  if (!form) throw new NotFoundError(`Unknown output form '${id}'; known forms: ${formIds.join(', ')}`);
  return form;
}

/** What `reglament document --list` and the API show about a form. */
export interface FormSummary { id: string; title: { ru: string; kk: string }; spec: string; services: readonly string[]; fields: readonly FieldSpec[] }

export function describeForms(): FormSummary[] {
  return forms.map(({ id, title, spec, services, fields }) => ({ id, title, spec, services, fields }));
}
