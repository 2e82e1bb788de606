import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['node_modules/', '.next/', '.data/', '.cache/', 'server/db/generated/', 'models/runs/', 'test-results/', 'artifacts/', 'next-env.d.ts'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module', globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      eqeqeq: ['error', 'always'],
    },
  },
  {
    // The server logs through pino (one JSON line per event); stray console output would break that.
    files: ['server/**/*.ts'],
    ignores: ['server/**/cli.ts'],
    rules: { 'no-console': ['error', { allow: ['error'] }] },
  },
  {
    files: ['app/**/*.tsx', 'app/**/*.ts', 'lib/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // The browser never imports server code (ARCHITECTURE.md); server/services.ts is the one typed seam.
    files: ['app/**/*.ts', 'app/**/*.tsx', 'lib/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/server/**', '!**/server/services*'], message: 'app/ and lib/ must not import server code; use the JSON API or lib/.' }] }],
    },
  },
);
