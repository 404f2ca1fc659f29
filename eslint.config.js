import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const runtimeModules = ['electron', 'node:*', 'fs', 'path', 'child_process', 'better-sqlite3', 'pino', 'hono', 'react', 'react-dom'];

/** Only these files may import electron: the thin adapters. */
const electronAdapters = ['src/main/index.ts', 'src/main/transport/electron-*.ts', 'src/preload/**/*.ts'];

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'Only the Electron adapters import electron.' }] }],
    },
  },
  {
    files: electronAdapters,
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: runtimeModules, message: 'src/shared runs in every process: no runtime-specific imports.' }, { group: ['../main/*', '../workers/*', '../renderer/*', '../preload/*'], message: 'src/shared depends on nothing else.' }] },
      ],
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['electron', 'node:*', 'better-sqlite3', '**/main/**', '**/workers/**', '**/preload/**'], message: 'The renderer talks to main only through the contract client.' }] },
      ],
    },
  },
  {
    files: ['src/workers/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['electron', '**/renderer/**'], message: 'Workers run under plain Node.' }] }],
    },
  },
);
