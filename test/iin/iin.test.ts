// IIN and BIN validation: the worked examples of the reference notes as fixed cases, then properties over generated numbers.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { iinCheckDigit, validateBin, validateIin } from '../../src/iin/index.js';

const NOW = new Date('2026-11-22T00:00:00Z');

describe('src/iin: worked examples', () => {
  it('accepts the fixtures with their date of birth and sex', () => {
    expect(validateIin('900101300126', NOW)).toEqual({ ok: true, birthDate: '1990-01-01', sex: 'male' });
    expect(validateIin('791028302728', NOW)).toEqual({ ok: true, birthDate: '1979-10-28', sex: 'male' });
  });

  it('accepts numbers whose check digit needs the second pass', () => {
    expect(iinCheckDigit('90010130081')).toBe(1);
    expect(validateIin('900101300811', NOW).ok).toBe(true);
    expect(iinCheckDigit('06121160001')).toBe(2);
    expect(validateIin('061211600012', NOW)).toEqual({ ok: true, birthDate: '2006-12-11', sex: 'female' });
  });

  it('rejects the typo case with a reason that names the check digit', () => {
    const result = validateIin('900101300123', NOW);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(/контрольный разряд/);
  });

  it('knows the prefix that can never be issued', () => {
    expect(iinCheckDigit('90010130080')).toBeNull();
    for (let d = 0; d <= 9; d++) expect(validateIin(`90010130080${d}`, NOW).ok).toBe(false);
  });

  it('rejects malformed input with a reason instead of throwing', () => {
    for (const bad of ['', '90010130012', '9001013001260', '90010130012a', ' 900101300126', '９００１０１３００１２６', null, 900101300126, undefined, {}]) {
      const result = validateIin(bad, NOW);
      expect(result.ok, String(bad)).toBe(false);
    }
    expect(() => iinCheckDigit('123')).toThrow(TypeError);
  });

  it('rejects impossible dates and century digits', () => {
    const withCheck = (prefix: string) => `${prefix}${iinCheckDigit(prefix) ?? 0}`;
    expect(validateIin(withCheck('90023030012'), NOW)).toMatchObject({ ok: false, reason: expect.stringMatching(/даты/) }); // 30 Feb
    expect(validateIin(withCheck('90130130012'), NOW)).toMatchObject({ ok: false, reason: expect.stringMatching(/месяц/) });
    expect(validateIin(withCheck('90010070012'), NOW)).toMatchObject({ ok: false, reason: expect.stringMatching(/7-я цифра/) });
    expect(validateIin(withCheck('90010100012'), NOW)).toMatchObject({ ok: false, reason: expect.stringMatching(/7-я цифра/) });
    expect(validateIin(withCheck('30010150012'), NOW)).toMatchObject({ ok: false, reason: expect.stringMatching(/будущем/) }); // 2030
    // 29 Feb exists in 2000 (leap) but not in 1900.
    expect(validateIin(withCheck('00022950012'), NOW).ok).toBe(iinCheckDigit('00022950012') !== null);
    expect(validateIin(withCheck('00022930012'), NOW)).toMatchObject({ ok: false, reason: expect.stringMatching(/даты/) });
  });

  it('validates a BIN by type, unit and check digit', () => {
    const prefix = '05014000123';
    const check = iinCheckDigit(prefix);
    expect(check).not.toBeNull();
    expect(validateBin(`${prefix}${check}`)).toEqual({ ok: true, registered: '0501', kind: 'resident', unit: 'head' });
    expect(validateBin(`${prefix}${(check! + 1) % 10}`).ok).toBe(false);
    expect(validateBin('051370001234')).toMatchObject({ ok: false, reason: expect.stringMatching(/месяц/) });
    expect(validateBin('050190001234')).toMatchObject({ ok: false, reason: expect.stringMatching(/тип/) });
    expect(validateBin('050149001234')).toMatchObject({ ok: false, reason: expect.stringMatching(/признак/) });
  });
});

/** Generates valid IINs: a real date up to NOW, a matching century/sex digit, a serial, the check digit. */
const validIin = fc
  .record({
    date: fc.date({ min: new Date('1800-01-01T00:00:00Z'), max: NOW, noInvalidDate: true }),
    female: fc.boolean(),
    serial: fc.integer({ min: 0, max: 9999 }),
  })
  .map(({ date, female, serial }) => {
    const year = date.getUTCFullYear();
    const centuryDigit = (Math.floor(year / 100) - 18) * 2 + (female ? 2 : 1);
    const prefix = `${String(year % 100).padStart(2, '0')}${String(date.getUTCMonth() + 1).padStart(2, '0')}${String(date.getUTCDate()).padStart(2, '0')}${centuryDigit}${String(serial).padStart(4, '0')}`;
    return { prefix, check: iinCheckDigit(prefix), date, female };
  })
  .filter((g) => g.check !== null)
  .map((g) => ({ iin: `${g.prefix}${g.check}`, date: g.date, female: g.female }));

const firstPass = (n: string) => [...n.slice(0, 11)].reduce((s, x, i) => s + Number(x) * (i + 1), 0) % 11;

describe('src/iin: properties', () => {
  it('every generated valid IIN passes and yields its date of birth and sex', () => {
    fc.assert(
      fc.property(validIin, ({ iin, date, female }) => {
        const result = validateIin(iin, NOW);
        expect(result).toEqual({ ok: true, birthDate: date.toISOString().slice(0, 10), sex: female ? 'female' : 'male' });
      }),
      { numRuns: 2000 },
    );
  });

  it('changing only the check digit of a valid IIN makes it invalid', () => {
    fc.assert(
      fc.property(validIin, fc.integer({ min: 1, max: 9 }), ({ iin }, delta) => {
        const corrupted = `${iin.slice(0, 11)}${(Number(iin[11]) + delta) % 10}`;
        expect(validateIin(corrupted, NOW).ok).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  // Weight i+1 of digit i is non-zero mod 11 for i < 10, so one changed digit moves the first-pass remainder,
  // unless a second pass takes over. Digit 11 has weight 11 ≡ 0: a typo there passes the first pass unseen,
  // a property of the official algorithm the test pins down instead of hiding.
  it('changing one of the first ten digits is caught whenever both numbers stay on the first pass', () => {
    fc.assert(
      fc.property(validIin, fc.integer({ min: 0, max: 9 }), fc.integer({ min: 1, max: 9 }), ({ iin }, pos, delta) => {
        const corrupted = `${iin.slice(0, pos)}${(Number(iin[pos]) + delta) % 10}${iin.slice(pos + 1)}`;
        fc.pre(firstPass(iin) !== 10 && firstPass(corrupted) !== 10);
        expect(validateIin(corrupted, NOW).ok).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it('a change of digit 11 alone leaves the first-pass remainder unchanged (weight 11 ≡ 0 mod 11)', () => {
    fc.assert(
      fc.property(validIin, fc.integer({ min: 1, max: 9 }), ({ iin }, delta) => {
        const corrupted = `${iin.slice(0, 10)}${(Number(iin[10]) + delta) % 10}${iin[11]}`;
        expect(firstPass(corrupted)).toBe(firstPass(iin));
      }),
      { numRuns: 500 },
    );
  });

  it('swapping two different adjacent digits among the first eleven is caught on the first pass', () => {
    fc.assert(
      fc.property(validIin, fc.integer({ min: 0, max: 9 }), ({ iin }, pos) => {
        fc.pre(iin[pos] !== iin[pos + 1]);
        const swapped = `${iin.slice(0, pos)}${iin[pos + 1]}${iin[pos]}${iin.slice(pos + 2)}`;
        fc.pre(firstPass(iin) !== 10 && firstPass(swapped) !== 10);
        expect(validateIin(swapped, NOW).ok).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws and accepts only 12-digit strings for arbitrary input', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.stringMatching(/^[0-9]{10,13}$/), fc.anything()), (value) => {
        const result = validateIin(value, NOW);
        if (result.ok) expect(value).toMatch(/^[0-9]{12}$/);
        const bin = validateBin(value);
        if (bin.ok) expect(value).toMatch(/^[0-9]{12}$/);
      }),
      { numRuns: 2000 },
    );
  });

  it('the check digit equals the first or second weighted sum mod 11', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{11}$/), (prefix) => {
        const d = [...prefix].map(Number);
        const s1 = d.reduce((s, x, i) => s + x * (i + 1), 0) % 11;
        const s2 = d.reduce((s, x, i) => s + x * (((i + 2) % 11) + 1), 0) % 11;
        const expected = s1 !== 10 ? s1 : s2 !== 10 ? s2 : null;
        expect(iinCheckDigit(prefix)).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });
});
