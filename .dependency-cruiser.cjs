// Layers, top to bottom. A module may import its own layer's siblings on the same row and any row below,
// never a row above. Rows: cli → http, jobs → services → repositories, mappers, clients → domain, config, errors.ts.
// http and jobs are two entry points on one row but do not import each other. src/main.ts composes all but cli.
const BOTTOM = '^src/(domain|config)/|^src/errors\\.ts$';
const ADAPTERS = '^src/(repositories|mappers|clients)/';
const SERVICES = '^src/services/';
/** What each layer may import inside src/. */
const allowed = {
  http: `^src/http/|${SERVICES}|${ADAPTERS}|${BOTTOM}`,
  jobs: `^src/jobs/|${SERVICES}|${ADAPTERS}|${BOTTOM}`,
  services: `${SERVICES}|${ADAPTERS}|${BOTTOM}`,
  repositories: `${ADAPTERS}|${BOTTOM}`,
  mappers: `${ADAPTERS}|${BOTTOM}`,
  clients: `${ADAPTERS}|${BOTTOM}`,
  domain: BOTTOM,
  config: BOTTOM,
};

/** One rule per layer: nothing inside src/ outside what it may import. */
const layerRules = Object.entries(allowed).map(([layer, may]) => ({
  name: `layer-${layer}`,
  comment: `${layer} may import only its own row and the rows below it`,
  severity: 'error',
  from: { path: `^src/${layer}/` },
  to: { path: '^src/', pathNot: may },
}));

/**
 * Where each npm package that does IO (or heavy CPU work) may be imported, as docs/architecture.md lists.
 * Type-only imports are free: they vanish at compile time. main.ts, the composition root, may open them all.
 */
const packagePlaces = {
  axios: '^src/clients/',
  'form-data': '^src/clients/',
  knex: '^src/repositories/|^src/main\\.ts$',
  ioredis: '^src/(clients|repositories)/|^src/main\\.ts$',
  bullmq: '^src/(clients|repositories)/',
  sharp: '^src/clients/|^src/services/images/image-encoder\\.ts$',
};

const packageRules = Object.entries(packagePlaces).map(([pkg, may]) => ({
  name: `package-${pkg}`,
  comment: `${pkg} is imported only where docs/architecture.md says (${may})`,
  severity: 'error',
  from: { path: '^src/', pathNot: may },
  to: { path: `^node_modules/${pkg}/`, dependencyTypesNot: ['type-only'] },
}));

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'A cycle ties layers together; break it by moving the shared type down.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-src-to-test',
      comment: 'Nothing in src/ imports test/.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^test/' },
    },
    {
      name: 'errors-at-the-bottom',
      comment: 'errors.ts sits with domain/config: it imports nothing from src/.',
      severity: 'error',
      from: { path: '^src/errors\\.ts$' },
      to: { path: '^src/', pathNot: BOTTOM },
    },
    {
      name: 'main-is-the-root',
      comment: 'src/main.ts (and the container type it builds, src/app-container.ts) composes every layer but cli.',
      severity: 'error',
      from: { path: '^src/(main|app-container)\\.ts$' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'only-cli-and-demo-import-main',
      comment: 'The composition root sits above everything but cli and the demo.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(cli|demo)/|^src/(main|app-container)\\.ts$' },
      to: { path: '^src/(main|app-container)\\.ts$' },
    },
    ...layerRules,
    ...packageRules,
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    includeOnly: '^(src|test|migrations|node_modules)/',
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
