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
  {
    // One mechanism for bilingual text: Chinese words live in the message catalogs (shared/i18n, the
    // renderer's catalogs), in published templates and in seed/demo data — never inline in code.
    files: ['**/*.{ts,tsx}'],
    ignores: ['shared/i18n/**', 'renderer/i18n/**', 'db/seeds/**', 'shared/demo/**', 'test/**'],
    rules: {
      // 'warn' while the literals are moved to the catalogs; 'error' once none is left.
      'no-restricted-syntax': [
        'warn',
        { selector: 'Literal[value=/[\\u3400-\\u9fff\\uff00-\\uffef\\u3000-\\u303f]/]', message: 'Chinese text belongs in a message catalog (shared/i18n or renderer/i18n), not in code' },
        { selector: 'TemplateElement[value.raw=/[\\u3400-\\u9fff\\uff00-\\uffef\\u3000-\\u303f]/]', message: 'Chinese text belongs in a message catalog (shared/i18n or renderer/i18n), not in code' },
        { selector: 'JSXText[value=/[\\u3400-\\u9fff\\uff00-\\uffef\\u3000-\\u303f]/]', message: 'Chinese text belongs in a message catalog (shared/i18n or renderer/i18n), not in code' },
      ],
    },
  },
);
