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
  // TEMPORARY: unused exports in files other people are changing right now; each owner removes the
  // export (or the code) and then this entry. Everything else in the tree reports as usual.
  ignoreIssues: {
    // TODO(owner): remove once main/app/keystore.ts is settled (unused: ACCEPT_PLAIN_KEYSTORE_FILE)
    'main/app/keystore.ts': ['exports'],
    // TODO(owner): remove once main/services/metrics.ts is settled (unused: computeLoanMetrics)
    'main/services/metrics.ts': ['exports'],
    // TODO(owner): remove once main/services/policies.ts is settled (unused: workingBranchId)
    'main/services/policies.ts': ['exports'],
    // TODO(owner): remove once main/sync/client.ts is settled (unused: LOCAL_SCHEMA_VERSION)
    'main/sync/client.ts': ['exports'],
    // TODO(owner): remove once server/auth.ts is settled (unused: normalizeEnrollmentCode)
    'server/auth.ts': ['exports'],
    // TODO(owner): remove once server/blobs/store.ts is settled (unused: MAX_OPEN_BYTES_PER_DEVICE)
    'server/blobs/store.ts': ['exports'],
    // TODO(owner): remove once server/deviceTokens.ts is settled (unused: tokenExpiresAt)
    'server/deviceTokens.ts': ['exports'],
    // TODO(owner): remove once server/import/stableId.ts is settled (unused: isNameBasedId)
    'server/import/stableId.ts': ['exports'],
    // TODO(owner): remove once server/logging.ts is settled (unused: redactedError)
    'server/logging.ts': ['exports'],
    // TODO(owner): remove once server/sync/pull.ts is settled (unused: mayReadScope)
    'server/sync/pull.ts': ['exports'],
    // TODO(owner): remove once server/sync/rows.ts is settled (unused: assertColumn)
    'server/sync/rows.ts': ['exports'],
    // TODO(owner): remove once server/sync/versions.ts is settled (unused: bumpScope)
    'server/sync/versions.ts': ['exports'],
    // TODO(owner): remove once shared/forms/answers.ts is settled (unused: DEFAULT_TEXT_MAX_LENGTH)
    'shared/forms/answers.ts': ['exports'],
    // TODO(owner): remove once shared/forms/index.ts is settled (unused re-exports: DEFAULT_TEXT_MAX_LENGTH;
    // types CompiledSection, CompiledFlag, TemplateRow, Predicate, AnswerProblem, AnswerProblemCode,
    // CheckOptions, EvaluateOptions, MissingItem, TemplateFileCheck, TemplateProblemCode, CustomerType, Purpose)
    'shared/forms/index.ts': ['exports', 'types'],
    // TODO(owner): remove once shared/forms/publish.ts is settled (unused: formatPath)
    'shared/forms/publish.ts': ['exports'],
    // TODO(owner): remove once shared/forms/publishedId.ts is settled (unused: PUBLISHED_ID_NAMESPACE)
    'shared/forms/publishedId.ts': ['exports'],
    // TODO(owner): remove once shared/forms/template.ts is settled (unused: condition, choiceOption, formItem, dsrSpec)
    'shared/forms/template.ts': ['exports'],
  },
});
