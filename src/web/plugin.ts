// Serves the web apps (operator tasklist, applicant portal, analyst view) and the vendor assets they load
// from node_modules, from the same fastify server as the API. Pages call the authenticated API over HTTP.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import { buildModelerBundle } from './bundle.js';

const require = createRequire(import.meta.url);
const publicDir = fileURLToPath(new URL('./public/', import.meta.url));
const packageDir = (name: string) => dirname(require.resolve(`${name}/package.json`));

export interface WebOptions { bundleDir?: string }

export async function webApps(app: FastifyInstance, opts: WebOptions = {}): Promise<void> {
  // The pages and their assets are public; the data they show comes from the authenticated API.
  app.addHook('onRoute', (route) => { route.config = { ...(route.config as object), public: true }; });
  const bundleDir = opts.bundleDir ?? join(tmpdir(), 'reglament-web');
  await buildModelerBundle(bundleDir);
  const mounts: [string, string][] = [
    ['/web/', publicDir],
    ['/web/vendor/bpmn-js/', join(packageDir('bpmn-js'), 'dist', 'assets')],
    ['/web/vendor/form-js/', join(packageDir('@bpmn-io/form-js'), 'dist')],
    ['/web/vendor/form-js-assets/', join(packageDir('@bpmn-io/form-js'), 'dist', 'assets')],
  ];
  let first = true;
  for (const [prefix, root] of mounts) {
    await app.register(fastifyStatic, { root, prefix, decorateReply: first, index: ['index.html'], wildcard: true });
    first = false;
  }
  app.get('/web/vendor/form-js/form-js.css', (_req, reply) => reply.sendFile('form-js.css', join(packageDir('@bpmn-io/form-js'), 'dist', 'assets')));
  app.get('/web/vendor/properties-panel.css', (_req, reply) => reply.sendFile('properties-panel.css', join(packageDir('@bpmn-io/properties-panel'), 'dist', 'assets')));
  app.get('/web/vendor/modeler.js', (_req, reply) => reply.type('text/javascript').sendFile('modeler.js', bundleDir));
  app.get('/', (_req, reply) => reply.redirect('/web/'));
  // Browsers ask for it on every page; an empty answer keeps their consoles free of 404s.
  app.get('/favicon.ico', (_req, reply) => reply.code(204).send());
}
