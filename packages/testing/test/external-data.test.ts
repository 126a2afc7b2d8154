import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromBinary } from '@bufbuild/protobuf';
import { ModelProtoSchema, TensorProto_DataLocation } from 'onnx-buf';
import * as ort from 'onnxruntime-node';
import { buildExternalData, EXTERNAL_DATA_FILE_NAME, toFloat64Tensor, toOrtFeeds, writeFixture } from '../src/index.js';

describe('external-data fixture', () => {
  const fixture = buildExternalData();
  let dir = '';

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'multimax-external-data-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('stores large initializers externally', () => {
    const proto = fromBinary(ModelProtoSchema, fixture.bytes);
    const external = proto.graph?.initializer.filter((tensor) => tensor.dataLocation === TensorProto_DataLocation.EXTERNAL) ?? [];
    expect(external.length).toBeGreaterThan(0);
    for (const tensor of external) {
      expect(tensor.externalData.find((entry) => entry.key === 'location')?.value).toBe(EXTERNAL_DATA_FILE_NAME);
    }
    expect(fixture.externalData?.bytes.byteLength).toBeGreaterThan(fixture.bytes.byteLength);
  });

  test('writeFixture writes model and data', async () => {
    const modelPath = await writeFixture(fixture, dir);
    expect(modelPath).toBe(join(dir, 'external-data.onnx'));
    expect((await readdir(dir)).sort()).toEqual(['external-data.onnx', EXTERNAL_DATA_FILE_NAME]);
  });

  test('loads from folder like in memory', async () => {
    const modelPath = await writeFixture(fixture, dir);
    const feeds = toOrtFeeds(fixture.inputs(1));

    const fromFolder = await ort.InferenceSession.create(modelPath);
    const folderOutput = await fromFolder.run(feeds);
    await fromFolder.release();

    const inMemory = await ort.InferenceSession.create(fixture.bytes, {
      externalData: [{ path: EXTERNAL_DATA_FILE_NAME, data: fixture.externalData?.bytes ?? new Uint8Array(0) }],
    });
    const memoryOutput = await inMemory.run(feeds);
    await inMemory.release();

    const fromFile = folderOutput.last_hidden_state;
    const fromMemory = memoryOutput.last_hidden_state;
    if (fromFile === undefined || fromMemory === undefined) throw new Error('The model returned no last_hidden_state.');
    expect(fromFile.dims).toEqual([3, 8, 32]);
    expect(Array.from(toFloat64Tensor(fromFile).data)).toEqual(Array.from(toFloat64Tensor(fromMemory).data));
  });
});
