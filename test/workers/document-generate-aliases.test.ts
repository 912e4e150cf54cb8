import { describe, expect, it } from 'vitest';
import { dataFor } from '../../workers/document-generate.js';
import { templateOf } from '../documents/support.js';

const fields = (bundle: string, id: string) => templateOf(bundle, id).fields;

describe('document-generate reads the preschool application forms by their own names', () => {
  const variables = {
    applicantName: 'Сейткали Айгерим Нурлановна', applicantAddress: 'с. Пресновка, ул. Демонстрационная, д. 1',
    childLastName: 'Сейткали', childFirstName: 'Алихан', childMiddleName: ' ', childBirthDate: '2021-03-05',
    requestNumber: 'ZHM-2026-000001', receivedAt: '2026-11-22T11:02:46.517+0000', queueNumber: 7,
  };

  it('composes the names the queue notice prints from the parts the application asks for', () => {
    const data = dataFor(fields('zhambyl-sko/preschool-queue', 'preschool-queue-notice'), variables);
    expect(data).toMatchObject({ parentFullName: 'Сейткали Айгерим Нурлановна', childFullName: 'Сейткали Алихан', queueNumber: 7, registeredOn: variables.receivedAt });
  });

  it('prefers a variable of the field’s own name over any alias', () => {
    expect(dataFor(fields('zhambyl-sko/preschool-queue', 'preschool-queue-notice'), { ...variables, childFullName: 'Иванов Иван' }).childFullName).toBe('Иванов Иван');
  });

  it('fills the registration notice and the refusal from the same variables', () => {
    expect(dataFor(fields('aktobe-oblast/preschool-registration', 'preschool-registration-notice'), variables)).toMatchObject({ childSurname: 'Сейткали', childGivenName: 'Алихан', registrationNumber: 'ZHM-2026-000001' });
    expect(dataFor(fields('zhambyl-sko/preschool-queue', 'refusal'), { ...variables, refusalReason: 'нет оснований' })).toMatchObject({ applicantFullName: 'Сейткали Айгерим Нурлановна', refusalReason: 'нет оснований' });
  });
});
