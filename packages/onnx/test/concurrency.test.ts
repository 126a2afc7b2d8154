import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';

import { uniformParamsFile } from '@multimax/core';

import { decodeModel, encodeModel, patchModel } from '../src/index.js';
import { readModelFile, writeModelFile } from '../src/node/index.js';
import { OCR_MODEL_PATH } from './support/ocr-model.js';

const PARAMS = uniformParamsFile({ ranges: [-1, 1, -2, 2], ts: [-0.5, 0.3, -0.1, 0.02] });
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('concurrent patching', () => {
  it('gives identical results from parallel async pipelines', async () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'multimax-parallel-'));
    try {
      const outputs = await Promise.all(
        Array.from({ length: 8 }, async (_, index) => {
          const loaded = await readModelFile(OCR_MODEL_PATH);
          patchModel(loaded.model, PARAMS);
          const target = path.join(folder, `patched-${index}.onnx`);
          await writeModelFile(target, loaded.model, { sourcePath: loaded.path });
          return sha256(readFileSync(target));
        }),
      );
      const reference = decodeModel(readFileSync(OCR_MODEL_PATH));
      patchModel(reference, PARAMS);
      expect(new Set(outputs)).toEqual(new Set([sha256(encodeModel(reference))]));
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('gives identical results from worker threads', async () => {
    // Workers run the built package, as a user's worker pool would.
    const entry = path.resolve(__dirname, '../dist/index.js');
    const core = path.resolve(__dirname, '../../core/dist/index.js');
    const source = `
      const { parentPort, workerData } = require('node:worker_threads');
      const { createHash } = require('node:crypto');
      const { readFileSync } = require('node:fs');
      Promise.all([import(workerData.entry), import(workerData.core)]).then(([onnx, core]) => {
        const hashes = [];
        for (let i = 0; i < 2; i++) {
          const model = onnx.decodeModel(readFileSync(workerData.model));
          onnx.patchModel(model, core.uniformParamsFile(workerData.params));
          hashes.push(createHash('sha256').update(onnx.encodeModel(model)).digest('hex'));
        }
        parentPort.postMessage(hashes);
      });`;
    const runWorker = () =>
      new Promise<string[]>((resolve, reject) => {
        const worker = new Worker(source, { eval: true, workerData: { entry, core, model: OCR_MODEL_PATH, params: { ranges: [-1, 1, -2, 2], ts: [-0.5, 0.3, -0.1, 0.02] } } });
        worker.once('message', resolve);
        worker.once('error', reject);
      });

    const hashes = (await Promise.all([runWorker(), runWorker(), runWorker(), runWorker()])).flat();
    const reference = decodeModel(readFileSync(OCR_MODEL_PATH));
    patchModel(reference, PARAMS);
    expect(hashes).toHaveLength(8);
    expect(new Set(hashes)).toEqual(new Set([sha256(encodeModel(reference))]));
  });
});
