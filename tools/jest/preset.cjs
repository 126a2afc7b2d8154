// Shared jest settings: TypeScript through @swc/jest (no type-checking; `npm run typecheck` does that),
// workspace packages resolved to their sources so tests never run stale builds.
const path = require('node:path');

const packagesRoot = path.resolve(__dirname, '../../packages');

/** @param {string} packageDir @param {{ ort?: boolean }} [options] */
module.exports = function jestPreset(packageDir, options = {}) {
  return {
    rootDir: packageDir,
    testMatch: ['<rootDir>/test/**/*.test.ts'],
    testEnvironment: options.ort ? path.join(__dirname, 'ort-environment.cjs') : 'node',
    transform: {
      '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } }],
    },
    // onnx-buf ships ESM only, so swc turns it into CommonJS like our own sources.
    transformIgnorePatterns: ['/node_modules/(?!onnx-buf/)'],
    moduleNameMapper: {
      '^@multimax/(core|onnx|testing|runtime-node|transformers|cli|ppocr)(/node)?$': `${packagesRoot}/$1/src$2/index.ts`,
      '^(\\.{1,2}/.*)\\.js$': '$1',
    },
    testTimeout: 60_000,
  };
};
