import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ImportError, importAct, writeImport } from '../../src/importer/index.js';
import { joinLines, normalizeText } from '../../src/importer/normalize.js';

const regulation = (title: string, extra = ''): string => `Регламент электронной государственной услуги «${title}»
${extra}
      6. Пошаговые действия и решения услугодателя через ПЭП приведены в приложении 2:
      1) процесс 1 – ввод потребителем ИИН и пароля (процесс авторизации) на ПЭП;
      2) условие 1 – проверка на ПЭП подлинности данных потребителя через ИИН и пароль;
      3) процесс 2 – формирование сообщения об отказе в авторизации;
      4) процесс 3 – формирование результата оказания услуги.
      7. Прочие положения.
`;

describe('text repairs', () => {
  it('joins letter-spaced words and hyphenated line breaks, and drops a displaced reference', () => {
    const { lines, repairs } = normalizeText('получатель д о к у м е н т а\nРегистра-\nция согласно Регламенту.приложении 2');
    expect(lines[0]).toBe('получатель документа');
    expect(joinLines(lines.slice(1))).toBe('Регистрация согласно Регламенту.');
    expect(repairs.map((r) => r.line)).toEqual([1, 3]);
  });
});

describe('services of an act', () => {
  const temp = mkdtempSync(join(tmpdir(), 'import-structure-'));
  afterAll(() => rmSync(temp, { recursive: true, force: true }));

  it('skips a регламент that lost force and drafts the others', () => {
    const text = `Постановление акимата города N от 1 марта 2013 года № 10\n${regulation('Выдача справки первой')}\n${regulation('Выдача справки второй', 'Утратил силу постановлением акимата от 2 мая 2013 года № 20')}`;
    const { services, skipped } = importAct(text, { tenant: 't' });
    expect(services.map((s) => s.title)).toEqual(['Выдача справки первой']);
    expect(skipped.map((s) => s.title)).toEqual(['Выдача справки второй']);
    expect(services[0]!.routes).toEqual(['portal']);
    const xml = services[0]!.files['portal.bpmn']!;
    expect(xml).toContain('name="reglament:step" value="условие 1"');
    expect(xml).toContain('${authorized}');
  });

  it('refuses to overwrite an existing bundle and leaves nothing behind', () => {
    const { services } = importAct(regulation('Выдача справки'), { tenant: 't' });
    const out = join(temp, 't');
    mkdirSync(join(out, services[0]!.service), { recursive: true });
    expect(() => writeImport(services, out)).toThrow(ImportError);
    expect(readdirSync(out)).toEqual([services[0]!.service]);
    expect(readdirSync(temp)).toEqual(['t']);
  });
});
