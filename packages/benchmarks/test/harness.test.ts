import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// The harness runs child processes (the patching worker, the WebGPU worker) from dist/, so the test
// runs the built entry point as `npm run bench -- --quick` would. `npm test` builds first.
const packageFolder = path.resolve(__dirname, '..');
const entry = path.join(packageFolder, 'dist', 'main.js');

describe('benchmark harness in quick mode', () => {
  it('completes and prints every section', () => {
    expect(existsSync(entry)).toBe(true);

    const folder = mkdtempSync(path.join(os.tmpdir(), 'multimax-bench-test-'));
    try {
      const report = path.join(folder, 'BENCHMARKS.md');
      const run = spawnSync(process.execPath, [entry, '--quick', `--write=${report}`], { cwd: packageFolder, encoding: 'utf8', timeout: 170_000 });

      expect(run.error).toBeUndefined();
      expect(run.status).toBe(0);
      for (const heading of ['## Targets', '## Patching', '## Inference: patched against original', '## Micro: σ + Softmax against Softmax', '## Core: @multimax/core against a plain JavaScript softmax']) {
        expect(run.stdout).toContain(heading);
      }
      expect(run.stdout).not.toContain('The section failed');

      // Each section with a picture saves it as SVG beside the report and links it.
      const written = readFileSync(report, 'utf8');
      for (const chart of ['patching', 'inference', 'micro']) {
        expect(written).toContain(`](docs/benchmarks/${chart}.svg)`);
        expect(readFileSync(path.join(folder, 'docs', 'benchmarks', `${chart}.svg`), 'utf8')).toMatch(/^<svg[^>]*>[\s\S]*<\/svg>$/);
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }, 180_000);
});
