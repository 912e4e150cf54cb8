// Time limits as people say them: «1 минута», «3 рабочих дня», «1 мин. 30 сек.» — from the deadline timer's ISO
// duration (PT1M, P3D, P1DT2H) and its calendar. Kazakh does not inflect after numerals («3 жұмыс күні»).

const RU = {
  D: ['день', 'дня', 'дней'], WD: ['рабочий день', 'рабочих дня', 'рабочих дней'],
  H: ['час', 'часа', 'часов'], M: ['минута', 'минуты', 'минут'], S: ['секунда', 'секунды', 'секунд'],
};
const KK = { D: 'күн', WD: 'жұмыс күні', H: 'сағат', M: 'минут', S: 'секунд' };

/** Russian plural form for n: 1 минута, 2 минуты, 5 минут, 21 минута, 11 минут. */
function ruForm(n, forms) {
  const tens = n % 100;
  const ones = n % 10;
  if (!Number.isInteger(n)) return forms[1];
  if (tens >= 11 && tens <= 14) return forms[2];
  if (ones === 1) return forms[0];
  if (ones >= 2 && ones <= 4) return forms[1];
  return forms[2];
}

/** `PT1M30S`, `calendar` → «1 минута 30 секунд»; `P3D`, `kz-working-days` → «3 рабочих дня»; null when not a duration. */
export function humanDuration(iso, calendar, language = 'ru') {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:[.,]\d+)?)S)?)?$/.exec(String(iso ?? '').trim());
  if (!m || iso === 'P') return null;
  const parts = [['D', m[1]], ['H', m[2]], ['M', m[3]], ['S', m[4]]]
    .filter(([, v]) => v !== undefined && Number(v.replace(',', '.')) > 0)
    .map(([unit, v]) => {
      const n = Number(v.replace(',', '.'));
      const key = unit === 'D' && calendar === 'kz-working-days' ? 'WD' : unit;
      return language === 'kk' ? `${n} ${KK[key]}` : `${n} ${ruForm(n, RU[key])}`;
    });
  return parts.length ? parts.join(' ') : null;
}
