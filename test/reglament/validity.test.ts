// One rule for the validity window of every bundle (docs/calendar.md, «Validity of an act»): an assumed
// validity.from is registration (else the act's date) + 11 days, to is the last day in force, an unknown end is open.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findBundles } from '../../src/reglament/bundle.js';
import { checkManifest, type Manifest } from '../../src/reglament/manifest.js';
import { assumedEntryIntoForce, describeValidity, inForceOn } from '../../src/reglament/validity.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const manifests = findBundles(join(REPO, 'processes')).map((dir) => JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest);

describe('src/reglament/validity', () => {
  it('applies the rule to every manifest of processes/: no day of entry is in the texts, so every from is assumed', () => {
    expect(manifests.length).toBeGreaterThanOrEqual(10);
    for (const m of manifests) {
      const where = `${m.tenant}/${m.service}`;
      expect(m.validity.fromBasis, where).toBe('assumed');
      expect(m.validity.from, where).toBe(assumedEntryIntoForce(m.act)!.from);
      if (typeof m.validity.to === 'string') expect(m.validity.toBasis, where).toBe('assumed');
      else expect(m.validity.to, where).toEqual({ unknown: true });
    }
    const by = (tenant: string) => manifests.find((m) => m.tenant === tenant)!.validity;
    expect([by('zhambyl-sko').from, by('aktobe-oblast').from, by('semey').from, by('kyzylzhar').from]).toEqual(['2013-02-12', '2012-09-08', '2013-02-08', '2012-08-12']);
    expect(by('kyzylzhar')).toMatchObject({ to: { unknown: true }, repealedBy: null });
  });

  it('counts eleven days from the registration, else from the act\'s date', () => {
    expect(assumedEntryIntoForce({ date: '2012-12-26', justiceRegistration: { number: '2138', date: '2013-02-01' } })).toEqual({ from: '2013-02-12', why: 'justice registration 2013-02-01 + 11 days' });
    expect(assumedEntryIntoForce({ date: '2012-12-28' })!.from).toBe('2013-01-08');
    expect(assumedEntryIntoForce({})).toBeNull();
  });

  it('reads to as the last day in force and an unknown end as open, said', () => {
    const closed: Manifest['validity'] = { from: '2013-02-12', fromBasis: 'assumed', to: '2013-05-21', toBasis: 'assumed' };
    expect(inForceOn(closed, '2013-02-11')).toEqual({ inForce: false, endUnknown: false });
    expect(inForceOn(closed, '2013-05-21')).toEqual({ inForce: true, endUnknown: false });
    expect(inForceOn(closed, '2013-05-22')).toEqual({ inForce: false, endUnknown: false });
    const unknown: Manifest['validity'] = { from: '2012-08-12', fromBasis: 'assumed', to: { unknown: true } };
    expect(inForceOn(unknown, '2026-11-20')).toEqual({ inForce: true, endUnknown: true });
    expect(describeValidity(closed)).toBe('2013-02-12 (assumed) – 2013-05-21 (assumed)');
    expect(describeValidity(unknown)).toBe('2012-08-12 (assumed) – unknown');
    expect(describeValidity({ from: '2013-06-01' })).toBe('2013-06-01 – open');
  });

  it('the manifest check refuses a from that is assumed against the rule, and an end neither date, unknown nor open', () => {
    const base = { ...manifests.find((m) => m.tenant === 'zhambyl-sko')! };
    const problems = (validity: unknown) => checkManifest({ ...base, validity }, { tenant: base.tenant, service: base.service })
      .filter((p) => p.field.startsWith('validity')).map((p) => `${p.field}: ${p.message}`);
    expect(problems(base.validity)).toEqual([]);
    expect(problems({ ...base.validity, from: '2013-02-11' })).toEqual([
      'validity.from: 2013-02-11 is assumed, but the rule of docs/calendar.md gives 2013-02-12 (justice registration 2013-02-01 + 11 days)',
    ]);
    expect(problems({ ...base.validity, fromBasis: 'guessed' })).toEqual(["validity.fromBasis: 'guessed' is not text (the day is in the act) or assumed (docs/calendar.md)"]);
    expect(problems({ ...base.validity, to: { until: 'later' }, toBasis: undefined })).toEqual([
      'validity.to: must be a date YYYY-MM-DD, { "unknown": true } (the text does not give the act\'s status) or null (open)',
    ]);
    expect(problems({ ...base.validity, to: { unknown: true }, toBasis: undefined })).toEqual([
      'validity.to: is unknown, yet validity.repealedBy names the repealing act: give the day the act lost force',
    ]);
    expect(problems({ ...base.validity, to: { unknown: true } })).toContain('validity.toBasis: applies only to a date in validity.to');
  });
});
