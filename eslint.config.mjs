// ESLint for the TypeScript of cms/, site/ (not .astro files), scripts/, shared/, bench/ and tests/.
// Formatting is Prettier's (.prettierrc.json): eslint-config-prettier turns off every rule it owns.
import js from '@eslint/js'
import prettier from 'eslint-config-prettier'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'cms/.next/',
      '.astro/',
      'dist/',
      'data/',
      'media/',
      'backups/',
      'bench/.data/',
      'bench/.scratch/',
      'tests/artifacts/',
      'cms/payload-types.ts',
      'cms/app/(payload)/admin/importMap.js',
      'next-env.d.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    rules: {
      // TypeScript already reports undefined names, with the right globals per file.
      'no-undef': 'off',
      // `_name` marks a parameter kept for its position in a callback signature.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
      // A `let` assigned once but read first by a closure (a timer, a server handle) cannot be const.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
    },
  },
  {
    // Tests read JSON answers of the REST API, which have no static type.
    files: ['tests/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // CommonJS preloads (NODE_OPTIONS=--require) can only require.
    files: ['**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
)
