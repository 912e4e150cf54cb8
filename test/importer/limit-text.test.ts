import { describe, expect, it } from 'vitest';
import { parseLimitText } from '../../src/importer/limit-text.js';

describe('parseLimitText', () => {
  it.each([
    ['Не более 10 минут', 'PT10M', 'calendar', false],
    ['1 рабочий день', 'P1D', 'kz-working-days', false],
    ['В течение 3 рабочих дней', 'P3D', 'kz-working-days', false],
    ['3 рабочих дня (день приема и день выдачи документа не входят в срок оказания услуги)', 'P3D', 'kz-working-days', true],
    ['10–15 секунд', 'PT15S', 'calendar', false],
    ['30 секунд – 1 минута', 'PT1M', 'calendar', false],
    ['30 секунда минута', 'PT1M', 'calendar', false],
    ['1,5 минуты', 'PT1M30S', 'calendar', false],
    ['Не более 2 часов', 'PT2H', 'calendar', false],
    ['15 минуттан көп емес', 'PT15M', 'calendar', false],
    ['3 жұмыс күні', 'P3D', 'kz-working-days', false],
    ['3 күн ішінде (қабылдау күні мен құжатты беру күні мерзімге кірмейді)', 'P3D', 'calendar', true],
  ])('%s → %s on %s', (text, duration, calendar, excludeReceiptDay) => {
    expect(parseLimitText(text)).toMatchObject({ duration, calendar, excludeReceiptDay });
  });

  it('returns null for a text without a duration', () => {
    expect(parseLimitText('')).toBeNull();
    expect(parseLimitText('Маршрутизация запроса')).toBeNull();
    expect(parseLimitText('0 минут')).toBeNull();
  });
});
