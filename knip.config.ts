// Unused files, exports and dependencies, checked by `npm run lint` (knip).
// Most entry points come from knip's plugins, which read the tools' own configs and package.json:
// - electron-vite: main/app/index.ts (Electron main) and main/app/preload.ts, the renderer's index.html;
// - vite: renderer/vite.config.ts, whose index.html loads renderer/main.tsx;
// - vitest: the unit, integration and e2e test files of vitest.config.ts;
// - package.json scripts (tsx): server/main.ts, devweb/host.ts, scripts/*.ts, test/bench/run.ts;
// - eslint, dependency-cruiser, drizzle-kit, electron-builder, typescript: their config files.
// Only what no tool config or script names is listed here.
import { defineConfig } from 'knip/config';

export default defineConfig({
  entry: [
    // Started by hand (`npx tsx test/bench/syncOnly.ts [filter]`), like `npm run bench`.
    'test/bench/syncOnly.ts',
    // Every tool script runs by hand with tsx, even one that no package.json script names.
    'scripts/*.ts',
    // Child processes that tests start with `node --import tsx <path>` (crash, kill, enrollment tests).
    'test/**/fixtures/**/*.ts',
  ],
  // One setting for the whole tree: a type or interface exported to be part of a public signature
  // may stay exported while its own file uses it; an exported value must be imported elsewhere.
  ignoreExportsUsedInFile: { interface: true, type: true },
  ignoreBinaries: [
    // A system tool (Debian's openssl), run to make test and demo certificates; not an npm package.
    'openssl',
  ],
  ignoreDependencies: [
    // Types for `better-sqlite3`, which package.json aliases to better-sqlite3-multiple-ciphers;
    // knip does not connect the alias with its @types package.
    '@types/better-sqlite3',
    // Packaging is `npx electron-builder` with electron-builder.yml (README); no script runs it.
    'electron-builder',
  ],
});
