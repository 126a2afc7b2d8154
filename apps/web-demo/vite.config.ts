import { defaultClientConditions, defineConfig } from 'vite';

import { runtimeAssets } from './vite-plugins/runtime-assets.ts';

export default defineConfig({
  // Relative asset paths, so the production build works from any static host and sub-folder.
  base: './',
  resolve: {
    // onnxruntime-web's default entries embed their Emscripten module and make Vite emit a hashed
    // copy of the 27 MB .wasm file. This condition selects the entries that load both files from
    // ort.env.wasm.wasmPaths instead, where the runtimeAssets plugin puts them.
    conditions: ['onnxruntime-web-use-extern-wasm', ...defaultClientConditions],
  },
  plugins: [runtimeAssets()],
  build: { target: 'es2022' },
});
