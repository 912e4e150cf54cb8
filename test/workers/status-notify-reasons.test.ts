import { describe, expect, it } from 'vitest';
import { refusalReasonOf } from '../../workers/status-notify.js';
import type { TaskInput } from '../../workers/types.js';

const task = (variables: Record<string, unknown>, properties: Record<string, string> = {}): TaskInput => ({
  id: 't', topicName: 'status-notify', processInstanceId: 'p', activityId: 'a', retries: null, variables, properties,
});

describe('status-notify: the reason a refusal carries to the applicant', () => {
  it('joins the act’s wording for the branch with the failed check’s text when no specialist wrote one', () => {
    const reason = refusalReasonOf(task({ signatureRefusal: 'Отказ … ЭЦП: сертификат отозван' }, { refusalReason: 'процесс 5 — отказ' }));
    expect(reason).toBe('процесс 5 — отказ: Отказ … ЭЦП: сертификат отозван');
  });

  it('prefers the specialist’s motivated reason over a check’s text', () => {
    expect(refusalReasonOf(task({ refusalReason: 'нет оснований', personRefusal: 'нет в ГБД ФЛ' }))).toBe('нет оснований');
  });

  it('names the failed authorization when that is the branch', () => {
    expect(refusalReasonOf(task({ authRefusal: 'Отказ в авторизации' }))).toBe('Отказ в авторизации');
    expect(refusalReasonOf(task({}))).toBeNull();
  });
});
