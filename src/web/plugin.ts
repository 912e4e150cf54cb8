// Serves the web apps (operator tasklist, applicant portal, analyst view) and the vendor assets they load
// from node_modules, from the same fastify server as the API. Pages call the authenticated API over HTTP.
//
// Page weight: everything is compressed (brotli or gzip, as the browser accepts). Vendor assets — the form library
// (1.3 MB), the modeler bundle (1.8 MB), their styles — live under /web/vendor/<build>/, where <build> is a hash of
// the dependency lock and the modeler bundle: a new version gets a new address, so browsers may keep them for a year
// without asking. The app's own small files are revalidated on every load (ETag, 304). Pages name the vendor address
// in <meta name="reglament-vendor">, which the server fills in.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import fastifyCompress from '@fastify/compress';
import fastifyStatic from '@fastify/static';
import { buildModelerBundle } from './bundle.js';

const require = createRequire(import.meta.url);
const publicDir = fileURLToPath(new URL('./public/', import.meta.url));
const packageLock = fileURLToPath(new URL('../../package-lock.json', import.meta.url));
const packageDir = (name: string) => dirname(require.resolve(`${name}/package.json`));
const PAGES = ['index.html', 'portal.html', 'operator.html', 'analyst.html'];
const YEAR = 'public, max-age=31536000, immutable';

export interface WebOptions { bundleDir?: string }

export async function webApps(app: FastifyInstance, opts: WebOptions = {}): Promise<void> {
  // The pages and their assets are public; the data they show comes from the authenticated API.
  app.addHook('onRoute', (route) => { route.config = { ...(route.config as object), public: true }; });
  // Text assets only; threshold keeps tiny answers (204s, 304s) as they are.
  await app.register(fastifyCompress, { global: true, threshold: 1024, encodings: ['br', 'gzip'] });
  const bundleDir = opts.bundleDir ?? join(tmpdir(), 'reglament-web');
  const modeler = await buildModelerBundle(bundleDir);
  const build = createHash('sha256').update(readFileSync(packageLock)).update(readFileSync(modeler)).digest('hex').slice(0, 12);
  const vendor = `/web/vendor/${build}/`;

  const mounts: [string, string][] = [
    [`${vendor}bpmn-js/`, join(packageDir('bpmn-js'), 'dist', 'assets')],
    [`${vendor}form-js/`, join(packageDir('@bpmn-io/form-js'), 'dist')],
    [`${vendor}form-js-assets/`, join(packageDir('@bpmn-io/form-js'), 'dist', 'assets')],
  ];
  await app.register(fastifyStatic, {
    root: publicDir, prefix: '/web/', index: false, wildcard: true, cacheControl: false,
    // sendFile of other folders (the vendor routes below) goes through this instance too: only the app's files revalidate.
    setHeaders: (res, path) => { if (path.startsWith(publicDir)) res.header('cache-control', 'no-cache'); },
  });
  for (const [prefix, root] of mounts) {
    await app.register(fastifyStatic, { root, prefix, decorateReply: false, wildcard: true, cacheControl: false, setHeaders: (res) => { res.header('cache-control', YEAR); } });
  }
  const immutable = (file: string, dir: string, type?: string) => (_req: unknown, reply: import('fastify').FastifyReply) => {
    reply.header('cache-control', YEAR);
    if (type) reply.type(type);
    return reply.sendFile(file, dir, { cacheControl: false });
  };
  app.get(`${vendor}form-js/form-js.css`, immutable('form-js.css', join(packageDir('@bpmn-io/form-js'), 'dist', 'assets')));
  app.get(`${vendor}properties-panel.css`, immutable('properties-panel.css', join(packageDir('@bpmn-io/properties-panel'), 'dist', 'assets')));
  app.get(`${vendor}modeler.js`, immutable('modeler.js', bundleDir, 'text/javascript'));

  // Pages: the vendor address filled in; small, so rendered once and revalidated by ETag.
  const pages = new Map(PAGES.map((name) => {
    const html = readFileSync(join(publicDir, name), 'utf8').replaceAll('/web/vendor/', vendor);
    return [name, { html, etag: `"${createHash('sha256').update(html).digest('base64url').slice(0, 16)}"` }];
  }));
  const page = (name: string) => (request: import('fastify').FastifyRequest, reply: import('fastify').FastifyReply) => {
    const p = pages.get(name)!;
    reply.header('cache-control', 'no-cache').header('etag', p.etag).type('text/html; charset=utf-8');
    if (request.headers['if-none-match'] === p.etag) return reply.code(304).send();
    return reply.send(p.html);
  };
  app.get('/web/', page('index.html'));
  for (const name of PAGES) app.get(`/web/${name}`, page(name));
  app.get('/', (_req, reply) => reply.redirect('/web/'));
  // Browsers ask for it on every page; an empty answer keeps their consoles free of 404s.
  app.get('/favicon.ico', (_req, reply) => reply.code(204).send());
}
