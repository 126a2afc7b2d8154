import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

import { build } from 'esbuild';

const PACKAGES = resolve(__dirname, '../../../..');

/**
 * Bundles test/browser/page/main.ts (the web build of transformers.js and the browser entry of
 * this package) into `folder` as bundle.js, next to an index.html that loads it. @multimax/core
 * and @multimax/onnx resolve to their sources, so the page never runs stale builds. Returns the
 * bundle's input files, for checks on what the browser entry pulls in.
 */
export async function bundleTestPage(folder: string): Promise<string[]> {
  const result = await build({
    entryPoints: [resolve(__dirname, '../page/main.ts')],
    outfile: join(folder, 'bundle.js'),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    logLevel: 'silent',
    metafile: true,
    alias: {
      '@multimax/core': join(PACKAGES, 'core/src/index.ts'),
      '@multimax/onnx': join(PACKAGES, 'onnx/src/index.ts'),
    },
  });

  await writeFile(join(folder, 'index.html'), '<!doctype html>\n<meta charset="utf-8">\n<title>MultiMax browser test</title>\n<script type="module" src="/bundle.js"></script>\n');
  return Object.keys(result.metafile.inputs);
}
