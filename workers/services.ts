// The product services a worker uses, built once per runner from its context: the HTTP client of the product's
// /api/worker (the server of REGLAMENT_API_URL, else of the engine-rest URL), unless the context brings its own.
import { httpServices, type HttpServicesOptions } from '../src/worker-api/http.js';
import type { WorkerServices } from '../src/worker-api/services.js';
import type { WorkerContext } from './types.js';

/** The server's base URL from engine-rest's: the runner talks to <base>/engine-rest, the product API is <base>/api. */
export function serverBaseOf(engineRestUrl: string): string {
  return engineRestUrl.replace(/\/engine-rest\/?$/, '');
}

export function apiOptionsOf(ctx: WorkerContext): HttpServicesOptions {
  return { baseUrl: ctx.env.REGLAMENT_API_URL ?? serverBaseOf(ctx.engineRestUrl), authorization: ctx.authorization };
}

const built = new WeakMap<WorkerContext, WorkerServices>();

export function servicesOf(ctx: WorkerContext): WorkerServices {
  if (ctx.services) return ctx.services;
  let services = built.get(ctx);
  if (!services) { services = httpServices(apiOptionsOf(ctx)); built.set(ctx, services); }
  return services;
}
