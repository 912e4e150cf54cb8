// The layering that holds today and must keep holding, checked in `npm test` by test/architecture/dependencies.test.ts
// (../shared/ARCHITECTURE.md has the target: the kernel imports no I/O, the API sees services, workers speak HTTP).
// TypeScript 7 has no compiler API for the cruiser, so test/architecture/cruise.ts compiles the sources with esbuild
// first, keeping type-only imports: a module that names another's types depends on it.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'engine-not-to-api',
      comment: 'The engine is below the HTTP API: it must not import src/api.',
      severity: 'error',
      from: { path: '^src/engine/' },
      to: { path: '^src/api/' },
    },
    {
      name: 'engine-not-to-fastify',
      comment: 'The engine knows no HTTP framework: fastify and its plugins belong to src/api.',
      severity: 'error',
      from: { path: '^src/engine/' },
      to: { path: '(^|/)node_modules/(fastify|fastify-plugin|@fastify/[^/]+)/' },
    },
    {
      name: 'documents-not-to-api-or-engine',
      comment: 'src/documents renders templates; it must not import the API or the engine.',
      severity: 'error',
      from: { path: '^src/documents/' },
      to: { path: '^src/(api|engine)/' },
    },
    {
      name: 'api-not-to-workers',
      comment: 'The API does not run worker code: workers are clients of it.',
      severity: 'error',
      from: { path: '^src/api/' },
      to: { path: '^workers/' },
    },
    {
      name: 'workers-not-to-api',
      comment: 'Workers speak engine-rest and the product API over HTTP, so they can run against another engine.',
      severity: 'error',
      from: { path: '^workers/' },
      to: { path: '^src/api/' },
    },
    {
      name: 'workers-not-to-store-or-engine',
      comment: 'Workers hold no database handle and no engine: the product API (src/worker-api/http.ts) serves what they need.',
      severity: 'error',
      from: { path: '^workers/' },
      to: { path: ['^src/(store|engine)/', '^src/worker-api/store\\.js$', '(^|/)node_modules/knex/'] },
    },
    {
      name: 'no-circular-in-src',
      comment: 'No module of src/ may reach itself through its imports.',
      severity: 'error',
      // Known exceptions: the two cycles there were when this rule came in. Both close only through a type-only
      // import, so nothing loads in a loop; move the shared type to break one, then drop its pattern here. A new
      // cycle through these modules is still caught from its other modules.
      //   src/documents/scope.ts → types.ts (Bilingual) and types.ts → scope.ts (DocumentScope)
      //   src/reglament/manifest.ts → validity.ts (functions) and validity.ts → manifest.ts (type Manifest)
      from: { path: '^src/', pathNot: ['^src/documents/(scope|types)\\.js$', '^src/reglament/(manifest|validity)\\.js$'] },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // node_modules stays node_modules/… even where it is a symlink, so the fastify rule sees the package name
    preserveSymlinks: true,
    moduleSystems: ['es6', 'cjs'],
  },
};
