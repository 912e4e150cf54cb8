// Sign-in by ЭЦП: POST /api/auth/eds/challenge gives a random single-use challenge; POST /api/auth/eds/login takes the
// challenge signed as XML, verifies it (the certificate's IIN must be a registered active user) and issues a session
// exactly as password sign-in does.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { AuthenticationError, InvalidRequestError } from '../../errors.js';
import { sha256 } from '../../store/identity.js';
import { certificateIin } from '../../eds/certificate.js';
import { verifierFromEnv } from '../../eds/config.js';
import { VerifierUnavailableError } from '../../eds/ncanode-verifier.js';
import type { SignatureVerifier } from '../../eds/verifier.js';
import { inspectSignedXml, XmlSignatureError } from '../../eds/xml-signature.js';

export const CHALLENGE_NAMESPACE = 'urn:reglament:eds-login';

export interface EdsLoginOptions {
  /** The verifier; default: built from the environment (see src/eds/config.ts) on first use. */
  verifier?: SignatureVerifier | (() => Promise<SignatureVerifier>);
  /** How long a challenge may be used (default 5 minutes). */
  challengeTtlMs?: number;
  /** Largest signed XML accepted (default 64 KiB: a challenge document is small). */
  maxXmlBytes?: number;
  now?: () => number;
}

/** The document the client signs: `<login xmlns="urn:reglament:eds-login"><challenge>…</challenge></login>`. */
export function challengeDocument(challenge: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?><login xmlns="${CHALLENGE_NAMESPACE}"><challenge>${challenge}</challenge></login>`;
}

export function edsLogin(options: EdsLoginOptions = {}) {
  return async function edsLoginRoutes(app: FastifyInstance): Promise<void> {
    const ttl = options.challengeTtlMs ?? 5 * 60_000;
    const maxBytes = options.maxXmlBytes ?? 64 * 1024;
    const now = options.now ?? Date.now;
    let verifier: Promise<SignatureVerifier> | undefined;
    const getVerifier = () => {
      const v = options.verifier;
      verifier ??= typeof v === 'function' ? v() : v ? Promise.resolve(v) : verifierFromEnv(process.env);
      return verifier;
    };
    const { max, timeWindowMs } = app.apiConfig.loginRateLimit;
    const rateLimit = { max, timeWindow: timeWindowMs };

    app.post('/api/auth/eds/challenge', {
      config: { public: true, rateLimit },
      schema: {
        tags: ['api'],
        response: { 200: { type: 'object', properties: { challenge: { type: 'string' }, expiresAt: { type: 'string', format: 'date-time' }, document: { type: 'string' } } } },
      },
    }, async () => {
      const challenge = randomBytes(32).toString('base64url');
      const created = now();
      // Expired challenges are swept here, so the table stays small without a timer.
      await app.db('eds_challenge').where('expires_at', '<', created).delete();
      await app.db('eds_challenge').insert({ challenge_hash: sha256(challenge), created_at: created, expires_at: created + ttl });
      return { challenge, expiresAt: new Date(created + ttl).toISOString(), document: challengeDocument(challenge) };
    });

    app.post<{ Body: { signedXml: string } }>('/api/auth/eds/login', {
      config: { public: true, rateLimit },
      schema: {
        tags: ['api'],
        body: { type: 'object', properties: { signedXml: { type: 'string', maxLength: maxBytes } }, required: ['signedXml'] },
        response: {
          200: {
            type: 'object',
            properties: {
              token: { type: 'string' },
              expiresAt: { type: 'string', format: 'date-time' },
              user: {
                type: 'object',
                properties: {
                  id: { type: 'string' }, firstName: { type: ['string', 'null'] }, lastName: { type: ['string', 'null'] },
                  email: { type: ['string', 'null'] }, kind: { type: 'string' },
                },
              },
              tenants: { type: 'array', items: { type: 'string' } },
              groups: { type: 'array', items: { type: 'string' } },
              roles: { type: 'array', items: { type: 'string' } },
            },
          },
        },
      },
    }, async (request) => {
      const { signedXml } = request.body;
      // The certificate tells whose sign-in this claims to be; the verifier then proves it.
      let claimedIin: string | undefined;
      try {
        claimedIin = certificateIin(inspectSignedXml(signedXml, { maxBytes }).signer);
      } catch (err) {
        if (err instanceof XmlSignatureError) throw new AuthenticationError(`ЭЦП sign-in refused: ${err.message}`);
        throw new InvalidRequestError('ЭЦП sign-in refused: the signed document cannot be read');
      }
      if (!claimedIin) throw new AuthenticationError('ЭЦП sign-in refused: the certificate carries no IIN');
      let active: SignatureVerifier;
      try {
        active = await getVerifier();
      } catch {
        throw new AuthenticationError('ЭЦП sign-in is not configured on this server; sign in with a password');
      }
      let result;
      try {
        result = await active.verify(signedXml, { expectedIin: claimedIin, purpose: 'auth' });
      } catch (err) {
        if (err instanceof VerifierUnavailableError) throw new AuthenticationError('ЭЦП sign-in is unavailable now; try again later or sign in with a password');
        throw err;
      }
      if (!result.valid) throw new AuthenticationError(`ЭЦП sign-in refused: ${result.reason}`);
      // The challenge is read from the verified document only, and must be its one element under the root.
      const root = result.signedData.documentElement;
      const elements = Array.from(result.signedData.getElementsByTagNameNS(CHALLENGE_NAMESPACE, 'challenge') as unknown as ArrayLike<Element>);
      if (root.namespaceURI !== CHALLENGE_NAMESPACE || root.localName !== 'login' || elements.length !== 1 || elements[0]!.parentNode !== root) {
        throw new AuthenticationError('ЭЦП sign-in refused: the signed document is not a sign-in challenge');
      }
      const challenge = (elements[0]!.textContent ?? '').trim();
      // Single use: whoever deletes the row first wins; a replay finds nothing.
      const used = await app.db('eds_challenge').where({ challenge_hash: sha256(challenge) }).andWhere('expires_at', '>=', now()).delete();
      if (used !== 1) throw new AuthenticationError('ЭЦП sign-in refused: the challenge is unknown, expired or already used');
      const user = await app.identity.findUserByIin(result.signer.iin);
      if (!user || !user.active) throw new AuthenticationError('ЭЦП sign-in refused: no active user is registered with this certificate');
      const principal = (await app.identity.principal(user.id))!;
      const { token, expiresAt } = await app.identity.issueToken(user.id, app.apiConfig.tokenTtlMs);
      const { id, firstName, lastName, email, kind } = principal.user;
      return {
        token,
        expiresAt: new Date(expiresAt).toISOString(),
        user: { id, firstName, lastName, email, kind },
        tenants: principal.tenantIds,
        groups: principal.groupIds,
        roles: principal.roles,
      };
    });
  };
}

/** Registered by the server: the verifier comes from the environment. */
export default edsLogin();
