import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules', 'out', 'dist', 'dist-web', 'test-results', 'db/local/migrations', '.data'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    // Only main/app may touch Electron (DESIGN.md §3); the dependency-cruiser rules check the rest.
    files: ['shared/**', 'db/**', 'main/services/**', 'main/api/**', 'main/sync/**', 'renderer/**', 'devweb/**', 'server/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'only main/app imports electron' }] }] },
  },
);
