import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const CJK = '[\\u3400-\\u9fff\\uff00-\\uffef\\u3000-\\u303f]';
const CJK_MESSAGE = 'Chinese text belongs in a message catalog (shared/i18n or renderer/i18n), not in code';
const CHINESE_LITERALS = [
  { selector: `Literal[value=/${CJK}/]`, message: CJK_MESSAGE },
  { selector: `TemplateElement[value.raw=/${CJK}/]`, message: CJK_MESSAGE },
  { selector: `JSXText[value=/${CJK}/]`, message: CJK_MESSAGE },
];
const CJK_SEVERITY = 'error';
const SQL_MESSAGE = 'SQL belongs in db/ (a query module); call it from here';
const SQL_CALLS = [
  { selector: "CallExpression[callee.property.name=/^(prepare|exec|pragma)$/]", message: SQL_MESSAGE },
  { selector: "CallExpression[callee.name='prepared']", message: SQL_MESSAGE },
];

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
    rules: { 'no-restricted-syntax': [CJK_SEVERITY, ...CHINESE_LITERALS] },
  },
  {
    // All SQL of the workstation lives in db/ (DESIGN.md §4): services and the sync client call query
    // modules. The same rule entry repeats the text selectors, since a later entry replaces the options.
    files: ['main/services/**/*.ts', 'main/api/**/*.ts', 'main/sync/**/*.ts'],
    rules: { 'no-restricted-syntax': [CJK_SEVERITY, ...CHINESE_LITERALS, ...SQL_CALLS] },
  },
);
