import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { buildExternalData, EXTERNAL_DATA_FILE_NAME, toOrtFeeds, writeFixture } from '@multimax/testing';
import * as ort from 'onnxruntime-node';

const BIN = path.resolve(__dirname, '../dist/bin.js');
const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('multimax patch on an external-data model', () => {
  let folder: string;
  beforeAll(() => {
    folder = mkdtempSync(path.join(os.tmpdir(), 'multimax-external-'));
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('keeps the data file byte-identical and the output runs', async () => {
    const fixture = buildExternalData();
    const modelPath = await writeFixture(fixture, folder);
    const dataPath = path.join(folder, EXTERNAL_DATA_FILE_NAME);
    const dataHash = sha256(dataPath);
    const paramsPath = path.join(folder, 'params.json');
    writeFileSync(paramsPath, JSON.stringify({ format: 'multimax-params', version: 1, targets: [{ select: { kind: 'attention' }, ranges: [-1, 1], ts: [-0.5, 0.3] }] }));

    const besideInput = path.join(folder, 'patched.onnx');
    const elsewhere = path.join(folder, 'out', 'patched.onnx');
    mkdirSync(path.dirname(elsewhere));
    for (const output of [besideInput, elsewhere]) {
      const result = spawnSync(process.execPath, [BIN, 'patch', modelPath, '-o', output, '-p', paramsPath], { encoding: 'utf8' });
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
    }

    expect(sha256(dataPath)).toBe(dataHash);
    expect(sha256(path.join(folder, 'out', EXTERNAL_DATA_FILE_NAME))).toBe(dataHash);

    for (const output of [modelPath, besideInput, elsewhere]) {
      const session = await ort.InferenceSession.create(output);
      const results = await session.run(toOrtFeeds(fixture.inputs(1)));
      await session.release();
      const values = Object.values(results).flatMap((tensor) => Array.from(tensor.data as Float32Array));
      expect(values.length).toBeGreaterThan(0);
      expect(values.some((value) => Number.isNaN(value))).toBe(false);
    }
  });
});
