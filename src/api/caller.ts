// The authenticated caller of a request, for handlers: a missing caller is refused, never dereferenced.
import type { FastifyRequest } from 'fastify';
import { AuthenticationError } from '../errors.js';
import type { Principal } from '../store/identity.js';

/** The request's principal, or a 401 when the auth hook did not set one (a route wrongly declared public). */
export function callerOf(request: FastifyRequest): Principal {
  const principal = request.principal;
  if (!principal) throw new AuthenticationError(`Authentication required for ${request.method} ${request.routeOptions.url ?? request.url.split('?')[0]}`);
  return principal;
}
