// A valid tenant file for a synthetic akimat (not from any act), one override per test.
import type { TenantFile } from '../../src/tenants/validate.js';

export function aTenantFile(over: Partial<TenantFile> = {}): TenantFile {
  const id = over.id ?? 'test-akimat';
  return {
    id,
    name: { ru: 'Акимат тестового района', kk: 'Тест ауданының әкімдігі' },
    organization: { ru: 'Акимат тестового района', kk: 'Тест ауданының әкімдігі' },
    providers: [{
      id: 'provider-1',
      name: { ru: 'ГУ «Отдел образования тестового района»', kk: '«Тест ауданының білім бөлімі» ММ' },
      shortName: { ru: 'Отдел образования тестового района', kk: 'Тест ауданының білім бөлімі' },
      offices: [{
        id: 'office-1',
        name: { ru: 'Отдел образования тестового района', kk: 'Тест ауданының білім бөлімі' },
        address: { ru: 'ул. Тестовая, 1', kk: 'Тест к-сі, 1' },
        phone: '8 (7222) 00-00-00', email: 'edu@test.example',
        hours: { ru: 'с 9.00 до 18.30, перерыв с 13.00 до 14.30', kk: '9.00-ден 18.30-ға дейін, түскі үзіліс 13.00-ден 14.30-ға дейін' },
      }],
    }],
    conDepartments: [{
      id: 'con-1',
      name: { ru: 'Отдел ЦОН тестового района', kk: 'Тест ауданының ХҚКО бөлімі' },
      address: { ru: 'ул. Тестовая, 2', kk: 'Тест к-сі, 2' },
    }],
    signers: [{ id: 'head-1', role: 'head', title: { ru: 'Начальник отдела', kk: 'Бөлім бастығы' }, name: { ru: 'Тестов Т.', kk: 'Тестов Т.' }, userId: 'spec-a' }],
    subscribers: [{ name: 'ИС ЦОН', system: 'con', url: 'https://con.test.example/hook', routes: ['con'] }],
    staff: [{ id: 'spec-a', firstName: 'Тест', lastName: 'Тестов', iin: '900101300126', roles: ['operator'], groups: ['provider-specialist'] }],
    workers: ['worker-x'],
    archiveMode: true,
    ...over,
  };
}
