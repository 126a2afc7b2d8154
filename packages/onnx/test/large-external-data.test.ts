import { mkdtempSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { create } from '@bufbuild/protobuf';
import { uniformParamsFile } from '@multimax/core';
import { buildTinyAttention } from '@multimax/testing';
import { TensorProto_DataLocation, TensorProto_DataType, TensorProtoSchema } from 'onnx-buf';

import { patchModel } from '../src/index.js';
import { readModelFile, writeModelFile } from '../src/node/index.js';

// 2.2 GB: past the 2 GB protobuf limit that forces external data in the first place.
const DATA_BYTES = 2_200_000_000;

describe('model with over 2 GB of external data', () => {
  let folder: string;
  beforeAll(() => {
    folder = mkdtempSync(path.join(os.tmpdir(), 'multimax-large-'));
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('patches without touching the data file', async () => {
    const embedding = create(TensorProtoSchema, {
      name: 'embedding',
      dataType: TensorProto_DataType.FLOAT,
      dims: [BigInt(DATA_BYTES / 4)],
      dataLocation: TensorProto_DataLocation.EXTERNAL,
      externalData: [
        { key: 'location', value: 'model.onnx.data' },
        { key: 'offset', value: '0' },
        { key: 'length', value: String(DATA_BYTES) },
      ],
    });
    writeFileSync(path.join(folder, 'model.onnx'), buildTinyAttention(17, { initializer: [embedding] }));
    // A sparse file: its size is real, its blocks are not written, so the test stays fast.
    writeFileSync(path.join(folder, 'model.onnx.data'), '');
    truncateSync(path.join(folder, 'model.onnx.data'), DATA_BYTES);
    const before = statSync(path.join(folder, 'model.onnx.data'));

    const loaded = await readModelFile(path.join(folder, 'model.onnx'));
    expect(loaded.externalData).toEqual([{ tensor: 'embedding', location: 'model.onnx.data', offset: 0, length: DATA_BYTES }]);
    expect(patchModel(loaded.model, uniformParamsFile({ ranges: [-1, 1], ts: [-0.5, 0.5] })).patched).toBe(2);
    await writeModelFile(path.join(folder, 'patched.onnx'), loaded.model, { sourcePath: loaded.path, externalData: loaded.externalData });

    const after = statSync(path.join(folder, 'model.onnx.data'));
    expect(after.size).toBe(DATA_BYTES);
    expect(after.mtimeMs).toBe(before.mtimeMs);
    expect(after.ino).toBe(before.ino);
    expect(statSync(path.join(folder, 'patched.onnx')).size).toBeLessThan(100_000);

    const patched = await readModelFile(path.join(folder, 'patched.onnx'));
    expect(patched.externalData).toEqual(loaded.externalData);
  });
});
