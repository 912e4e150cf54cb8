// The statuses the acts name, with their labels in Russian and Kazakh as the acts write them (spec-kindergarten §5.1, spec-semey §1.5).

export const REQUEST_STATUSES = ['received', 'in-progress', 'completed', 'refused'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

export const STATUS_LABELS: Record<RequestStatus, { ru: string; kk: string }> = {
  received: { ru: 'поступившие', kk: 'келіп түскен' },
  'in-progress': { ru: 'в работе', kk: 'жұмыс барысында' },
  completed: { ru: 'завершение исполнения и выдачи выходного документа', kk: 'орындауды аяқтау және шығыс құжатын беру' },
  refused: { ru: 'мотивированный отказ', kk: 'дәлелді бас тарту' },
};

export function isRequestStatus(value: unknown): value is RequestStatus {
  return typeof value === 'string' && (REQUEST_STATUSES as readonly string[]).includes(value);
}

/** A result has been given: the анкета may be offered and the request counts as finished. */
export const FINAL_STATUSES: ReadonlySet<RequestStatus> = new Set(['completed', 'refused']);
