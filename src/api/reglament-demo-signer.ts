// /api/demo/signer: the demo's stand-in for NCALayer, the signing app Kazakh users run on their own machine.
// It signs with the demo key of the signed-in user, or, for the ЭЦП sign-in itself, of a registered user by IIN.
// Registered only by `serve --demo`: a real deployment signs in the browser through NCALayer.
import type { FastifyInstance } from 'fastify';
import { signXml } from '../eds/xml-signature.js';
import { AuthenticationError, InvalidRequestError } from '../errors.js';
import type { DemoPki } from '../demo/pki.js';

interface SignBody { xml: string; iin?: string }

export function demoSignerRoutes(pki: DemoPki) {
  return async function demoSigner(app: FastifyInstance): Promise<void> {
    app.post<{ Body: SignBody }>('/api/demo/signer/sign', {
      config: { public: true },
      schema: {
        body: {
          type: 'object', required: ['xml'],
          properties: { xml: { type: 'string', minLength: 1, maxLength: 1_000_000 }, iin: { type: 'string', pattern: '^\\d{12}$' } },
        },
      },
    }, async (request) => {
      // Signed in: sign as that user. Not yet (ЭЦП sign-in): sign as the registered user with that IIN.
      const principal = request.headers.authorization ? await app.authenticate(request) : null;
      const user = principal?.user ?? (request.body.iin ? await app.identity.findUserByIin(request.body.iin) : null);
      if (!user || !user.active) throw new AuthenticationError('The demo signer has no key for this user: sign in, or give the IIN of a registered user');
      if (!user.iin) throw new InvalidRequestError(`User '${user.id}' has no IIN, so no ЭЦП certificate`);
      const { key, certificate } = await pki.personKey({ iin: user.iin, name: [user.lastName, user.firstName].filter(Boolean).join(' ') || user.id });
      return { signedXml: await signXml(request.body.xml, { key, certificate }) };
    });
  };
}
