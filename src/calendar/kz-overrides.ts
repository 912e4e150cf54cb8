// The reviewed corrections to date-holidays' KZ data, one entry per year, each with its source.
// A day is a working day if it is in `workingWeekends`; otherwise Saturdays and Sundays are off;
// otherwise it is off if it is in (package dates ∪ extraDaysOff) − notDaysOff. Review every year
// when the Ministry of Labour publishes the transfer order (usually November–December).

export interface OverrideEntry {
  /** YYYY-MM-DD in Asia/Almaty. */
  date: string;
  /** Why the entry exists, in one sentence. */
  reason: string;
  /** Where the fact comes from: the act, or the public report of it. */
  source: string;
  /** `verified`: checked against the act or an official report; `assumption`: derived from the law's rule, to confirm. */
  status: 'verified' | 'assumption';
}

export interface YearOverrides {
  /** When this year was last checked against the transfer order. */
  reviewed: string;
  extraDaysOff: OverrideEntry[];
  notDaysOff: OverrideEntry[];
  workingWeekends: OverrideEntry[];
}

export const kzOverrides: Readonly<Record<number, YearOverrides>> = {
  2025: {
    reviewed: '2026-11-22',
    extraDaysOff: [
      {
        date: '2025-01-03',
        reason: 'Day off moved from Sunday 5 January to Friday 3 January 2025.',
        source: 'Приказ Министра труда и социальной защиты населения РК о переносе выходного дня (ст. 85 п. 3 Трудового кодекса), reported by МТСЗН in November 2024',
        status: 'verified',
      },
    ],
    notDaysOff: [],
    workingWeekends: [
      {
        date: '2025-01-05',
        reason: 'Sunday 5 January 2025 is a working day in exchange for Friday 3 January.',
        source: 'Same order of МТСЗН РК (transfer 5 January → 3 January 2025)',
        status: 'verified',
      },
    ],
  },
  2026: {
    reviewed: '2026-11-22',
    extraDaysOff: [
      {
        date: '2026-03-25',
        reason: 'Nauryz: 21 (Sat) and 22 (Sun) March move to 24 and 25 March; the package lists 23 March twice and misses 25 March.',
        source: 'Трудовой кодекс РК ст. 85 п. 2 (a day off that coincides with a holiday moves to the next working day); production calendar 2026 of МТСЗН as reported by eGov and Kazinform',
        status: 'verified',
      },
    ],
    notDaysOff: [
      {
        date: '2026-03-16',
        reason: 'The package applies the new Constitution Day (15 March) with its substitute from 2026; МТСЗН says it is celebrated from 2027, so Monday 16 March 2026 was a working day.',
        source: 'МТСЗН РК statement of March 2026 on the new Constitution Day (referendum of 15 March 2026)',
        status: 'assumption',
      },
    ],
    workingWeekends: [],
  },
  2027: {
    reviewed: '2026-11-22',
    extraDaysOff: [
      {
        date: '2027-03-24',
        reason: 'Nauryz: 21 March 2027 is a Sunday, so its day off moves to Wednesday 24 March; the package lists 23 March twice and misses 24 March (same defect as 2026).',
        source: 'Трудовой кодекс РК ст. 85 п. 2; no transfer order for 2027 published at review time',
        status: 'assumption',
      },
    ],
    notDaysOff: [],
    workingWeekends: [],
  },
};
