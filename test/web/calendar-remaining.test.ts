// /api/calendar/remaining: the tasklist's countdown — working days left, hours and minutes on the last day, overdue.
import Fastify from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { calendarRoutes } from '../../src/api/reglament-calendar.js';

const app = Fastify();

beforeAll(async () => { await app.register(calendarRoutes); await app.ready(); });
afterAll(() => app.close());
afterEach(() => { vi.useRealTimers(); });

async function remaining(dues: (string | null)[]) {
  const res = await app.inject({ method: 'POST', url: '/api/calendar/remaining', payload: { dues } });
  expect(res.statusCode).toBe(200);
  return (res.json() as { remaining: ({ workingDays: number; hours: number; minutes: number; overdue: boolean } | null)[] }).remaining;
}

describe('countdown to a deadline in Kazakhstan working time', () => {
  it('counts working days across a weekend, hours on the last day, and marks overdue', async () => {
    // Thursday 2026-11-19, 10:00 in Almaty (UTC+5).
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-19T05:00:00Z'));
    const [monday, sameDay, past, none, junk] = await remaining([
      '2026-11-23T13:00:00Z', '2026-11-19T07:30:00Z', '2026-11-19T04:00:00Z', null, 'not a date',
    ]);
    // Friday and Monday are working days; Saturday and Sunday are not.
    expect(monday).toEqual({ workingDays: 2, hours: 0, minutes: 0, overdue: false });
    expect(sameDay).toEqual({ workingDays: 0, hours: 2, minutes: 30, overdue: false });
    expect(past).toMatchObject({ workingDays: 0, overdue: true });
    expect(none).toBeNull();
    expect(junk).toBeNull();
  });

  it('refuses a body without dues with a 400', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/calendar/remaining', payload: {} });
    expect(res.statusCode).toBe(400);
  });
});
