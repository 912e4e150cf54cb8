// /api/calendar: the time left until deadlines counted in Kazakhstan working days, for the tasklist's countdowns.
import type { FastifyInstance } from 'fastify';
import { workingDaysBetween } from '../calendar/index.js';

interface RemainingBody { dues: (string | null)[] }

export async function calendarRoutes(app: FastifyInstance): Promise<void> {
  app.post<{ Body: RemainingBody }>('/api/calendar/remaining', { config: { permission: 'authenticated' },
    schema: {
      body: { type: 'object', required: ['dues'], properties: { dues: { type: 'array', maxItems: 1000, items: { type: ['string', 'null'] } } } },
    },
  }, async (request) => {
    const now = new Date();
    return {
      remaining: request.body.dues.map((due) => {
        if (!due) return null;
        const at = new Date(due);
        if (Number.isNaN(at.getTime())) return null;
        const overdue = at < now;
        const workingDays = Math.max(0, workingDaysBetween(now, at));
        // Within the last working day the countdown is in hours and minutes of plain time.
        const leftMs = workingDays === 0 && !overdue ? at.getTime() - now.getTime() : 0;
        return { workingDays, hours: Math.floor(leftMs / 3_600_000), minutes: Math.floor((leftMs % 3_600_000) / 60_000), overdue };
      }),
    };
  });
}
