import eslint from '@eslint/js';
import prettier from 'eslint-config-prettier';
import react from 'eslint-plugin-react';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
	{ignores: ['dist/', 'node_modules/', 'images_usb_async/', 'bench-results/']},
	eslint.configs.recommended,
	tseslint.configs.recommendedTypeChecked,
	tseslint.configs.stylisticTypeChecked,
	{
		languageOptions: {
			globals: globals.node,
			parserOptions: {project: './tsconfig.test.json', tsconfigRootDir: import.meta.dirname},
		},
		rules: {
			// node:test runs describe() and it() itself and reports their failures; their promises are not awaited by design.
			'@typescript-eslint/no-floating-promises': ['error', {allowForKnownSafeCalls: [{from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'suite']}]}],
			// As tsc's noUnusedLocals: a leading _ names a value left out on purpose (`for (const _ of text)`, `const {a: _, ...rest}`).
			'@typescript-eslint/no-unused-vars': ['error', {varsIgnorePattern: '^_', argsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_'}],
			// `text || fallback` is meant: an empty string falls through as a missing one does.
			'@typescript-eslint/prefer-nullish-coalescing': ['error', {ignorePrimitives: {string: true}}],
			// A terminal monitor matches escape sequences and control bytes on purpose.
			'no-control-regex': 'off',
		},
	},
	{
		files: ['**/*.tsx'],
		plugins: {react, 'react-hooks': reactHooks},
		settings: {react: {version: 'detect'}},
		rules: {
			...react.configs.flat.recommended.rules,
			...react.configs.flat['jsx-runtime'].rules,
			// TypeScript checks the props.
			'react/prop-types': 'off',
			'react-hooks/rules-of-hooks': 'error',
			'react-hooks/exhaustive-deps': 'error',
		},
	},
	{
		// The one file on React's classic JSX runtime (see its first line): its JSX uses the React it imports.
		files: ['source/dashboard/run-dashboard.tsx'],
		rules: {'react/jsx-uses-react': 'error'},
	},
	{
		files: ['**/*.ts'],
		plugins: {'react-hooks': reactHooks},
		rules: {
			'react-hooks/rules-of-hooks': 'error',
			'react-hooks/exhaustive-deps': 'error',
		},
	},
	{
		// The config files are plain JavaScript, outside the TypeScript project.
		files: ['**/*.js', '**/*.cjs'],
		extends: [tseslint.configs.disableTypeChecked],
	},
	{
		files: ['**/*.cjs'],
		languageOptions: {sourceType: 'commonjs'},
	},
	prettier,
);
