// The simulator's faked Date: new Date()/Date.now() follow the simulated clock, everything else is the real Date,
// and the real Date is back after the run, even when it fails.
import { describe, expect, it } from 'vitest';
import { RealDate, withFakeDate } from '../../src/reglament/fake-date.js';

const FRIDAY = RealDate.UTC(2026, 10, 20, 5, 0, 0);

describe('src/reglament/fake-date', () => {
  it('moves new Date() and Date.now(), keeps the rest of Date', async () => {
    let now = FRIDAY;
    await withFakeDate(() => now, async () => {
      expect(new Date().toISOString()).toBe('2026-11-20T05:00:00.000Z');
      now += 60_000;
      expect(Date.now()).toBe(FRIDAY + 60_000);
      expect(new Date(0).toISOString()).toBe('1970-01-01T00:00:00.000Z');
      expect(new Date('2013-06-01T00:00:00+06:00').getTime()).toBe(RealDate.UTC(2013, 4, 31, 18));
      expect(Date.UTC(2026, 0, 1)).toBe(RealDate.UTC(2026, 0, 1));
      expect(new Date()).toBeInstanceOf(RealDate);
      expect(new RealDate()).toBeInstanceOf(Date);
      expect(typeof Date()).toBe('string');
    });
    expect(Date).toBe(RealDate);
    expect(Math.abs(Date.now() - FRIDAY)).toBeGreaterThan(0);
  });

  it('restores Date when the run throws, and refuses a second simulation at the same time', async () => {
    await expect(withFakeDate(() => FRIDAY, async () => { throw new Error('boom'); })).rejects.toThrow('boom');
    expect(Date).toBe(RealDate);
    const outer = withFakeDate(() => FRIDAY, async () => {
      await expect(withFakeDate(() => FRIDAY, async () => 1)).rejects.toThrow(/already running/);
    });
    await outer;
    expect(Date).toBe(RealDate);
  });
});
