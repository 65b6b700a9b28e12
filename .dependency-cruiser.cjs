// The layer table of DESIGN.md §3 as errors. `npm run lint` fails on any violation.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'shared-is-pure',
      comment: 'shared/ imports only shared/ and pure libraries: no node:*, electron, react, db, main',
      severity: 'error',
      from: { path: '^shared/' },
      to: {
        pathNot: ['^shared/', '^node_modules/(zod|decimal\\.js|uuid)/'],
      },
    },
    {
      name: 'rules-not-api',
      comment: 'the domain rules, the form engine and the mutations are below the API contract: the contract builds from them',
      severity: 'error',
      from: { path: '^shared/(domain|forms|mutations)/' },
      to: { path: '^shared/api/' },
    },
    {
      name: 'shared-no-core-modules',
      severity: 'error',
      from: { path: '^shared/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'db-imports-shared-only',
      severity: 'error',
      from: { path: '^db/' },
      to: { path: '^(main|renderer|server|devweb|scripts|test)/' },
    },
    {
      name: 'services-no-electron',
      severity: 'error',
      from: { path: '^main/(services|api|sync)/' },
      to: { path: ['^main/app/', '^node_modules/electron/', '^renderer/', '^server/', '^devweb/'] },
    },
    {
      name: 'services-not-sync',
      comment: 'services are called by sync, not the other way round',
      severity: 'error',
      from: { path: '^main/services/' },
      to: { path: '^main/sync/' },
    },
    {
      name: 'only-main-app-imports-electron',
      severity: 'error',
      from: { pathNot: '^main/app/' },
      to: { path: '^node_modules/electron/' },
    },
    {
      name: 'renderer-imports-shared-only',
      severity: 'error',
      from: { path: '^renderer/' },
      to: { path: '^(main|db|server|devweb|scripts)/' },
    },
    {
      name: 'renderer-no-core-modules',
      severity: 'error',
      from: { path: '^renderer/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'server-imports-shared-and-central-db',
      severity: 'error',
      from: { path: '^server/' },
      to: { path: ['^main/', '^renderer/', '^devweb/', '^db/local/'] },
    },
    {
      name: 'central-db-imports-shared-only',
      severity: 'error',
      from: { path: '^db/central/' },
      to: { path: '^db/local/' },
    },
    {
      name: 'nothing-imports-devweb-or-test',
      comment: 'the dev-web host and tests are never part of the product (dev scripts may start the host)',
      severity: 'error',
      from: { pathNot: '^(devweb|test|scripts)/' },
      to: { path: '^(devweb|test)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.node.json' },
    tsPreCompilationDeps: true,
    // node_modules is not excluded (only not followed): the rules about electron and pure libraries need to see those imports.
    exclude: { path: ['^out/', '^dist/', '^dist-web/'] },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
