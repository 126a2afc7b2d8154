import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { create, toBinary } from '@bufbuild/protobuf';
import { ModelProtoSchema, TensorProto_DataLocation, TensorProto_DataType } from 'onnx-buf';

import { encodeModel, ModelError } from '../src/index.js';
import { readModelFile, writeModelFile } from '../src/node/index.js';

/** Builds a one-node model (Identity of an initializer) whose 16-byte initializer lives at `location`. */
function modelWithExternalData(location: string, length = 16): Uint8Array {
  const model = create(ModelProtoSchema, {
    irVersion: 8n,
    opsetImport: [{ domain: '', version: 13n }],
    graph: {
      name: 'external',
      node: [{ opType: 'Identity', input: ['weight'], output: ['y'], name: 'identity' }],
      initializer: [
        {
          name: 'weight',
          dims: [4n],
          dataType: TensorProto_DataType.FLOAT,
          dataLocation: TensorProto_DataLocation.EXTERNAL,
          externalData: [
            { key: 'location', value: location },
            { key: 'offset', value: '0' },
            { key: 'length', value: String(length) },
          ],
        },
      ],
      output: [{ name: 'y', type: { value: { case: 'tensorType', value: { elemType: TensorProto_DataType.FLOAT } } } }],
    },
  });
  return encodeModel(model);
}

describe('readModelFile and writeModelFile', () => {
  let folder: string;
  const data = Buffer.from(new Float32Array([1, 2, 3, 4]).buffer);

  beforeEach(() => {
    folder = mkdtempSync(path.join(os.tmpdir(), 'multimax-files-'));
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it('writes what toBinary writes, streaming large weights', async () => {
    // Tensors of 2 MiB, 8 KiB and 8 bytes: passed through whole, merged into a run, written by toBinary.
    const sizes = [2 * 1024 * 1024, 8192, 8];
    const model = create(ModelProtoSchema, {
      irVersion: 8n,
      opsetImport: [{ domain: '', version: 13n }],
      graph: {
        name: 'weights',
        node: sizes.map((_, index) => ({ opType: 'Identity', input: [`w${index}`], output: [`y${index}`], name: `identity${index}` })),
        initializer: sizes.map((bytes, index) => ({ name: `w${index}`, dims: [BigInt(bytes / 4)], dataType: TensorProto_DataType.FLOAT, rawData: new Uint8Array(bytes).map((_, at) => (at * 7 + index) % 256) })),
        output: sizes.map((_, index) => ({ name: `y${index}` })),
      },
    });
    // toBinary, the library's own encoder, is the reference for the bytes.
    const expected = Buffer.from(toBinary(ModelProtoSchema, model));
    const source = path.join(folder, 'model.onnx');
    writeFileSync(source, expected);

    const loaded = await readModelFile(source);
    const target = path.join(folder, 'copy.onnx');
    await writeModelFile(target, loaded.model, { sourcePath: loaded.path });
    expect(readFileSync(target).equals(expected)).toBe(true);
  });

  it('copies external data to another folder unchanged', async () => {
    writeFileSync(path.join(folder, 'model.onnx'), modelWithExternalData('model.data'));
    writeFileSync(path.join(folder, 'model.data'), data);

    const loaded = await readModelFile(path.join(folder, 'model.onnx'));
    expect(loaded.externalData).toEqual([{ tensor: 'weight', location: 'model.data', offset: 0, length: 16 }]);

    const outputFolder = path.join(folder, 'out');
    mkdirSync(outputFolder);
    await writeModelFile(path.join(outputFolder, 'patched.onnx'), loaded.model, { sourcePath: loaded.path, externalData: loaded.externalData });
    expect(readFileSync(path.join(outputFolder, 'model.data')).equals(data)).toBe(true);
    expect(readFileSync(path.join(folder, 'model.data')).equals(data)).toBe(true);
  });

  it('leaves external data alone when writing beside it', async () => {
    writeFileSync(path.join(folder, 'model.onnx'), modelWithExternalData('model.data'));
    writeFileSync(path.join(folder, 'model.data'), data);
    const loaded = await readModelFile(path.join(folder, 'model.onnx'));

    await writeModelFile(path.join(folder, 'patched.onnx'), loaded.model, { sourcePath: loaded.path, externalData: loaded.externalData });
    expect(readdirSync(folder).sort()).toEqual(['model.data', 'model.onnx', 'patched.onnx']);
    expect(readFileSync(path.join(folder, 'model.data')).equals(data)).toBe(true);
  });

  it.each([
    ['an absolute location', '/etc/passwd', /must be a relative path inside the model's folder/],
    ['a location escaping the folder', '../outside.data', /escapes the model's folder/],
    ['a missing data file', 'missing.data', /is missing/],
  ])('rejects %s', async (_label, location, message) => {
    writeFileSync(path.join(folder, 'model.onnx'), modelWithExternalData(location));
    const error = await readModelFile(path.join(folder, 'model.onnx')).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ModelError);
    expect((error as ModelError).message).toMatch(message);
    expect((error as ModelError).message).toContain('model.onnx');
  });

  it('rejects external data shorter than the tensor needs', async () => {
    writeFileSync(path.join(folder, 'model.onnx'), modelWithExternalData('model.data', 16));
    writeFileSync(path.join(folder, 'model.data'), data.subarray(0, 8));
    await expect(readModelFile(path.join(folder, 'model.onnx'))).rejects.toThrow(/has 8 bytes, but tensor "weight" needs bytes up to 16/);
  });

  it('rejects writing over the input and leaves no temporary file', async () => {
    writeFileSync(path.join(folder, 'model.onnx'), modelWithExternalData('model.data'));
    writeFileSync(path.join(folder, 'model.data'), data);
    const loaded = await readModelFile(path.join(folder, 'model.onnx'));
    const before = readFileSync(path.join(folder, 'model.onnx'));

    await expect(writeModelFile(path.join(folder, 'model.onnx'), loaded.model, { sourcePath: loaded.path })).rejects.toThrow(/the output path is the input model/);
    expect(readFileSync(path.join(folder, 'model.onnx')).equals(before)).toBe(true);
    expect(readdirSync(folder).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('reports a missing output folder as an IO error', async () => {
    writeFileSync(path.join(folder, 'model.onnx'), modelWithExternalData('model.data'));
    writeFileSync(path.join(folder, 'model.data'), data);
    const loaded = await readModelFile(path.join(folder, 'model.onnx'));
    await expect(writeModelFile(path.join(folder, 'no', 'such', 'dir', 'out.onnx'), loaded.model)).rejects.toThrow(/cannot write the output \(ENOENT\)/);
  });
});
