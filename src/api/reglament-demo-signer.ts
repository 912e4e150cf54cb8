// /api/demo/signer: the demo's stand-in for NCALayer, the signing app Kazakh users run on their own machine.
// A real key never leaves its owner, and NCALayer opens it only with the key container's password. The stand-in
// keeps both promises: it signs as the signed-in user, and for the ЭЦП sign-in itself (no session yet) it signs only
// a sign-in challenge, only for the person whose key password is given (the demo's container password is the
// account's password, checked through the same sign-in throttle as any password). It exists only in demo mode.
import type { FastifyInstance } from 'fastify';
import { signXml } from '../eds/xml-signature.js';
import { AuthenticationError, InvalidRequestError } from '../errors.js';
import type { DemoPki } from '../demo/pki.js';
import type { UserRecord } from '../store/identity.js';
import { CHALLENGE_NAMESPACE } from './plugins/eds-login.js';

interface SignBody { xml: string; iin?: string; password?: string }

export function demoSignerRoutes(pki: DemoPki) {
  return async function demoSigner(app: FastifyInstance): Promise<void> {
    if (!app.apiConfig.demo) throw new Error('Cannot register the demo signer: the server does not run in demo mode');
    const { max, timeWindowMs } = app.apiConfig.loginRateLimit;

    async function signerFor(body: SignBody, authorization: boolean, request: Parameters<typeof app.authenticate>[0]): Promise<UserRecord> {
      if (authorization) return (await app.authenticate(request)).user;
      // No session: this is the ЭЦП sign-in, and the only thing signed is its challenge.
      if (!body.xml.includes(`xmlns="${CHALLENGE_NAMESPACE}"`) || !/^<\?xml[^>]*\?>\s*<login\b/.test(body.xml)) {
        throw new AuthenticationError('The demo signer signs other documents only for the signed-in user');
      }
      if (!body.iin || !body.password) throw new AuthenticationError('The demo signer needs the IIN and the key password (the account password in the demo)');
      const user = await app.identity.findUserByIin(body.iin);
      const check = user ? await app.auth.checkPassword(user.id, body.password, request.ip) : null;
      if (!user || !check?.ok) throw new AuthenticationError('Wrong IIN or key password');
      return user;
    }

    app.post<{ Body: SignBody }>('/api/demo/signer/sign', {
      config: { public: true, rateLimit: { max, timeWindow: timeWindowMs } },
      schema: {
        body: {
          type: 'object', required: ['xml'], additionalProperties: false,
          properties: {
            xml: { type: 'string', minLength: 1, maxLength: 1_000_000 }, iin: { type: 'string', pattern: '^\\d{12}$' },
            password: { type: 'string', maxLength: 1024 },
          },
        },
      },
    }, async (request) => {
      const user = await signerFor(request.body, Boolean(request.headers.authorization), request);
      if (!user.active) throw new AuthenticationError('The account is disabled');
      if (!user.iin) throw new InvalidRequestError(`User '${user.id}' has no IIN, so no ЭЦП certificate`);
      const { key, certificate } = await pki.personKey({ iin: user.iin, name: [user.lastName, user.firstName].filter(Boolean).join(' ') || user.id });
      return { signedXml: await signXml(request.body.xml, { key, certificate }) };
    });
  };
}
