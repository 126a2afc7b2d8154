import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import type { ParamsFile } from '@multimax/core';
import { decodeModel, encodeModel, findSoftmaxSites, ModelError, patchModel } from '@multimax/onnx';

// Debian's libonnx-testdata: the ONNX 1.12 backend test models (CI installs it with apt-get).
const TESTDATA = '/usr/share/libonnx-testdata/data';

function findModels(folder: string): string[] {
  return readdirSync(folder).flatMap((entry) => {
    const full = path.join(folder, entry);
    if (statSync(full).isDirectory()) return findModels(full);
    return entry.endsWith('.onnx') ? [full] : [];
  });
}

/** Loads each model in a child process, since a model from the wild might crash the native runtime. */
function loadInChildProcess(files: string[]): string[] {
  const script = `
    const ort = require(${JSON.stringify(require.resolve('onnxruntime-node'))});
    (async () => {
      const results = [];
      for (const file of ${JSON.stringify(files)}) {
        try { await (await ort.InferenceSession.create(file)).release(); results.push('loaded'); }
        catch (error) { results.push(String(error.message).split('\\\\n')[0]); }
      }
      process.stdout.write(JSON.stringify(results));
    })();`;
  const result = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 300_000, maxBuffer: 16 * 1024 * 1024 });
  expect(result.status).toBe(0);
  return JSON.parse(result.stdout) as string[];
}

const available = existsSync(TESTDATA);
if (!available) console.warn(`skipping the models-in-the-wild check: ${TESTDATA} is missing; install Debian's libonnx-testdata`);

(available ? describe : describe.skip)('models in the wild (libonnx-testdata)', () => {
  it('patches every model with a Softmax or rejects it with a reason', () => {
    const candidates = findModels(TESTDATA).filter((file) => readFileSync(file).includes('Softmax'));
    const folder = mkdtempSync(path.join(os.tmpdir(), 'multimax-wild-'));
    const patched: { original: string; output: string }[] = [];
    const rejected: string[] = [];
    try {
      for (const file of candidates) {
        const label = path.relative(TESTDATA, file);
        try {
          const model = decodeModel(readFileSync(file), label);
          const sites = findSoftmaxSites(model);
          if (sites.length === 0) continue;
          // Target every Softmax by name, whatever its kind, so each one is rewritten.
          const params: ParamsFile = { format: 'multimax-params', version: 1, targets: sites.map((site) => ({ select: { node: site.name }, params: { ranges: [-1, 1], ts: [-0.5, 0.3] } })) };
          patchModel(model, params, { source: label });
          const output = path.join(folder, `${patched.length}.onnx`);
          writeFileSync(output, encodeModel(model));
          patched.push({ original: file, output });
        } catch (error) {
          expect([label, error instanceof ModelError]).toEqual([label, true]);
          expect((error as Error).message).not.toContain('\n');
          rejected.push(`${label}: ${(error as Error).message}`);
        }
      }

      const results = loadInChildProcess(patched.flatMap((entry) => [entry.original, entry.output]));
      let checked = 0;
      patched.forEach((entry, index) => {
        if (results[2 * index] !== 'loaded') return;
        checked++;
        expect([path.relative(TESTDATA, entry.original), results[2 * index + 1]]).toEqual([path.relative(TESTDATA, entry.original), 'loaded']);
      });
      console.log(`libonnx-testdata: ${candidates.length} models mention Softmax; ${patched.length} patched (${checked} load in onnxruntime before and after), ${rejected.length} rejected${rejected.length ? `:\n  ${rejected.join('\n  ')}` : ''}`);
      expect(checked).toBeGreaterThan(20);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
