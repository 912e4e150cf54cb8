// IIN (ЖСН/ИИН) and BIN validation: 12 digits, the two-pass check digit, and for an IIN the date of birth and century/sex digit.
// Numbers stay strings everywhere: leading zeros are significant (people born 2000–2009).

export type IinResult =
  | { ok: true; birthDate: string; sex: 'male' | 'female' }
  | { ok: false; reason: string };

export type BinResult =
  | { ok: true; /** YYMM of registration */ registered: string; kind: 'resident' | 'non-resident' | 'joint-entrepreneur'; unit: 'head' | 'branch' | 'representative' | 'farm' }
  | { ok: false; reason: string };

const WEIGHTS_1 = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
const WEIGHTS_2 = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2];

/**
 * The check digit for an 11-digit prefix by the official algorithm (both passes),
 * or null when both passes give 10: such a prefix is never issued.
 */
export function iinCheckDigit(prefix11: string): number | null {
  if (!/^[0-9]{11}$/.test(prefix11)) throw new TypeError('iinCheckDigit expects exactly 11 ASCII digits');
  const digits = [...prefix11].map(Number);
  const weighted = (weights: number[]) => digits.reduce((sum, d, i) => sum + d * weights[i]!, 0) % 11;
  const first = weighted(WEIGHTS_1);
  if (first !== 10) return first;
  const second = weighted(WEIGHTS_2);
  return second === 10 ? null : second;
}

/** Shape and check digit, shared by IIN and BIN; returns a reason or null. */
function checkDigits(value: unknown, what: 'ИИН' | 'БИН'): string | null {
  if (typeof value !== 'string') return `${what} должен быть строкой из 12 цифр`;
  if (!/^[0-9]{12}$/.test(value)) return `${what} должен состоять ровно из 12 цифр`;
  const expected = iinCheckDigit(value.slice(0, 11));
  if (expected === null) return `${what} не существует: контрольный разряд невозможен для первых 11 цифр`;
  if (expected !== Number(value[11])) return `${what} неверен: не совпадает контрольный разряд`;
  return null;
}

const CENTURY: Record<string, { base: number; sex: 'male' | 'female' }> = {
  '1': { base: 1800, sex: 'male' },
  '2': { base: 1800, sex: 'female' },
  '3': { base: 1900, sex: 'male' },
  '4': { base: 1900, sex: 'female' },
  '5': { base: 2000, sex: 'male' },
  '6': { base: 2000, sex: 'female' },
};

/**
 * Validates an IIN. `now` bounds the date of birth (a person is not born in the future);
 * it defaults to the current time and is a parameter so tests are deterministic.
 */
export function validateIin(iin: unknown, now: Date = new Date()): IinResult {
  if (typeof iin !== 'string') return { ok: false, reason: 'ИИН должен быть строкой из 12 цифр' };
  if (!/^[0-9]{12}$/.test(iin)) return { ok: false, reason: 'ИИН должен состоять ровно из 12 цифр' };
  const century = CENTURY[iin[6]!];
  if (!century) return { ok: false, reason: 'ИИН неверен: 7-я цифра (век и пол) должна быть от 1 до 6' };
  const yy = Number(iin.slice(0, 2));
  const mm = Number(iin.slice(2, 4));
  const dd = Number(iin.slice(4, 6));
  if (mm < 1 || mm > 12) return { ok: false, reason: 'ИИН неверен: месяц рождения вне 01–12' };
  if (dd < 1 || dd > 31) return { ok: false, reason: 'ИИН неверен: день рождения вне 01–31' };
  const year = century.base + yy;
  const date = new Date(Date.UTC(year, mm - 1, dd));
  // Date.UTC rolls 31 April over to 1 May; a real date survives the round trip.
  if (date.getUTCMonth() !== mm - 1 || date.getUTCDate() !== dd) {
    return { ok: false, reason: 'ИИН неверен: такой даты рождения не существует' };
  }
  if (date.getTime() > now.getTime()) return { ok: false, reason: 'ИИН неверен: дата рождения в будущем' };
  const reason = checkDigits(iin, 'ИИН');
  if (reason) return { ok: false, reason };
  const birthDate = `${String(year).padStart(4, '0')}-${iin.slice(2, 4)}-${iin.slice(4, 6)}`;
  return { ok: true, birthDate, sex: century.sex };
}

const BIN_KIND: Record<string, 'resident' | 'non-resident' | 'joint-entrepreneur'> = {
  '4': 'resident',
  '5': 'non-resident',
  '6': 'joint-entrepreneur',
};
const BIN_UNIT: Record<string, 'head' | 'branch' | 'representative' | 'farm'> = {
  '0': 'head',
  '1': 'branch',
  '2': 'representative',
  '3': 'farm',
};

/** Validates a BIN: registration YYMM, type digit 4–6, unit digit 0–3, check digit. */
export function validateBin(bin: unknown): BinResult {
  if (typeof bin !== 'string') return { ok: false, reason: 'БИН должен быть строкой из 12 цифр' };
  if (!/^[0-9]{12}$/.test(bin)) return { ok: false, reason: 'БИН должен состоять ровно из 12 цифр' };
  const mm = Number(bin.slice(2, 4));
  if (mm < 1 || mm > 12) return { ok: false, reason: 'БИН неверен: месяц регистрации вне 01–12' };
  const kind = BIN_KIND[bin[4]!];
  if (!kind) return { ok: false, reason: 'БИН неверен: 5-я цифра (тип) должна быть 4, 5 или 6' };
  const unit = BIN_UNIT[bin[5]!];
  if (!unit) return { ok: false, reason: 'БИН неверен: 6-я цифра (признак) должна быть от 0 до 3' };
  const reason = checkDigits(bin, 'БИН');
  if (reason) return { ok: false, reason };
  return { ok: true, registered: bin.slice(0, 4), kind, unit };
}

/** True when the value is a valid IIN; for guards where the reason is not needed. */
export const isValidIin = (iin: unknown, now?: Date): iin is string => validateIin(iin, now).ok;

/** True when the value is a valid BIN. */
export const isValidBin = (bin: unknown): bin is string => validateBin(bin).ok;
