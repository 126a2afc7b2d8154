import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

// The harness runs child processes (the patching worker, the WebGPU worker) from dist/, so the test
// runs the built entry point as `npm run bench -- --quick` would. `npm test` builds first.
const packageFolder = path.resolve(__dirname, '..');
const entry = path.join(packageFolder, 'dist', 'main.js');

describe('benchmark harness in quick mode', () => {
  it('completes and prints every section', () => {
    expect(existsSync(entry)).toBe(true);

    const run = spawnSync(process.execPath, [entry, '--quick'], { cwd: packageFolder, encoding: 'utf8', timeout: 170_000 });

    expect(run.error).toBeUndefined();
    expect(run.status).toBe(0);
    for (const heading of ['## Targets', '## Patching', '## Inference: patched against original', '## Micro: σ + Softmax against Softmax', '## Core: @multimax/core against a plain JavaScript softmax']) {
      expect(run.stdout).toContain(heading);
    }
    expect(run.stdout).not.toContain('The section failed');
  }, 180_000);
});
