import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['node_modules/', '.next/', '.data/', '.cache/', 'server/db/generated/', 'models/runs/', 'test-results/', 'artifacts/', 'next-env.d.ts'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': ['error', { allow: ['error'] }],
      eqeqeq: ['error', 'always'],
    },
  },
  {
    // The browser never imports server code (ARCHITECTURE.md); server/services.ts is the one typed seam.
    files: ['app/**/*.ts', 'app/**/*.tsx', 'lib/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/server/**', '!**/server/services*'], message: 'app/ and lib/ must not import server code; use the JSON API or lib/.' }] }],
    },
  },
);
