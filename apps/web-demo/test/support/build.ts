// Builds the page with Vite when dist/ is missing. `npm test` needs no such step, because turbo runs
// the build task before the test task, but a plain `npx jest` on a fresh checkout does.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export const APP_DIR = path.resolve(__dirname, '..', '..');
export const DIST_DIR = path.join(APP_DIR, 'dist');

const require = createRequire(__filename);

/** Runs `vite build` in the app folder unless dist/index.html exists. Returns whether it built. */
export function ensureBuilt(): boolean {
  if (existsSync(path.join(DIST_DIR, 'index.html'))) return false;

  const viteBin = path.join(path.dirname(require.resolve('vite/package.json')), 'bin', 'vite.js');
  try {
    execFileSync(process.execPath, [viteBin, 'build'], { cwd: APP_DIR, stdio: 'inherit' });
  } catch (error) {
    throw new Error(
      `vite build of apps/web-demo failed (${error instanceof Error ? error.message : String(error)}); ` +
        'it reads @multimax/core and @multimax/onnx from their dist folders, so run `npx turbo run build --filter=@multimax/web-demo` from the repository root',
    );
  }
  return true;
}
