import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import { uniformParamsFile } from '@multimax/core';
import { allFixtures } from '@multimax/testing';
import { GraphProtoSchema, ModelProtoSchema, TensorProto_DataType, TensorProtoSchema } from 'onnx-buf';

import { coalesceChunks, concatChunks, encodeModelChunks } from '../src/io/encode-chunks.js';
import { decodeModel, encodeModel, type ModelProto, patchModel } from '../src/index.js';
import { readOcrModel } from './support/ocr-model.js';

/** Field 99, length-delimited, 3 bytes: a field from a future onnx.proto. */
const UNKNOWN_FIELD = Uint8Array.from([0x9a, 0x06, 3, 0x61, 0x62, 0x63]);

function expectSameAsToBinary(model: ModelProto): void {
  const expected = toBinary(ModelProtoSchema, model, { writeUnknownFields: true });
  const encoded = concatChunks(encodeModelChunks(model));
  expect(encoded.length).toBe(expected.length);
  expect(Buffer.from(encoded).equals(Buffer.from(expected))).toBe(true);
}

/** Decodes `bytes` followed by UNKNOWN_FIELD, so the message carries an unknown field. */
function withUnknownField<T>(decode: (bytes: Uint8Array) => T, bytes: Uint8Array): T {
  return decode(new Uint8Array([...bytes, ...UNKNOWN_FIELD]));
}

/** Builds a model whose tensors span every case of the split encoder: large, small, empty, external, unknown fields. */
function modelWithLargeTensors(): ModelProto {
  const large = new Uint8Array(64 * 1024).map((_, index) => index % 251);
  const tensorWithUnknown = withUnknownField(
    (bytes) => fromBinary(TensorProtoSchema, bytes, { readUnknownFields: true }),
    toBinary(TensorProtoSchema, create(TensorProtoSchema, { name: 'with_unknown', dataType: TensorProto_DataType.FLOAT, dims: [16384n], rawData: large, docString: 'after raw_data' })),
  );
  const graph = withUnknownField(
    (bytes) => fromBinary(GraphProtoSchema, bytes, { readUnknownFields: true }),
    toBinary(GraphProtoSchema, create(GraphProtoSchema, {
      name: 'g',
      node: [{ opType: 'Add', name: 'add', input: ['large', 'x'], output: ['y'] }],
      initializer: [
        { name: 'large', dataType: TensorProto_DataType.FLOAT, dims: [16384n], rawData: large, metadataProps: [{ key: 'k', value: 'v' }] },
        { name: 'small', dataType: TensorProto_DataType.FLOAT, dims: [2n], rawData: new Uint8Array(8) },
        { name: 'empty', dataType: TensorProto_DataType.FLOAT, dims: [0n], rawData: new Uint8Array(0) },
        { name: 'floats', dataType: TensorProto_DataType.FLOAT, dims: [3n], floatData: [1, 2, 3] },
        { name: 'external', dataType: TensorProto_DataType.FLOAT, dims: [4n], externalData: [{ key: 'location', value: 'weights.bin' }], dataLocation: 1 },
      ],
      input: [{ name: 'x' }],
      output: [{ name: 'y' }],
      docString: 'graph fields after the initializers',
    })),
  );
  graph.initializer.push(tensorWithUnknown);
  return withUnknownField(
    (bytes) => decodeModel(bytes),
    toBinary(ModelProtoSchema, create(ModelProtoSchema, { irVersion: 8n, opsetImport: [{ domain: '', version: 13n }], graph, metadataProps: [{ key: 'after', value: 'graph' }] })),
  );
}

describe('encodeModelChunks', () => {
  it('matches toBinary on tensors of every kind', () => {
    expectSameAsToBinary(modelWithLargeTensors());
  });

  it('keeps unknown fields of the model, the graph and a tensor', () => {
    const model = modelWithLargeTensors();
    expect(model.$unknown).toHaveLength(1);
    expect(model.graph?.$unknown).toHaveLength(1);
    expect(model.graph?.initializer.at(-1)?.$unknown).toHaveLength(1);
    expectSameAsToBinary(model);
  });

  it('matches toBinary on the OCR model, before and after patching', () => {
    const model = decodeModel(readOcrModel());
    expectSameAsToBinary(model);
    patchModel(model, uniformParamsFile({ ranges: [-1, 1], ts: [-0.6, 0.3] }));
    expectSameAsToBinary(model);
  });

  it.each(allFixtures().map((fixture) => [fixture.name, fixture.bytes] as const))('matches toBinary on fixture %s', (_name, bytes) => {
    expectSameAsToBinary(decodeModel(bytes));
  });

  it('passes large raw_data through as views, without copying', () => {
    const model = modelWithLargeTensors();
    const rawData = model.graph?.initializer[0]?.rawData;
    expect(encodeModelChunks(model)).toContain(rawData);
  });

  it('is what encodeModel writes', () => {
    const model = modelWithLargeTensors();
    expect(Buffer.from(encodeModel(model)).equals(Buffer.from(concatChunks(encodeModelChunks(model))))).toBe(true);
  });
});

describe('coalesceChunks', () => {
  const bytes = (length: number, fill: number) => new Uint8Array(length).fill(fill);

  it('merges runs of small chunks and passes large ones through', () => {
    const large = bytes(100, 9);
    const chunks = [bytes(10, 1), bytes(20, 2), large, bytes(5, 3), bytes(60, 4), bytes(50, 5), bytes(1, 6)];
    const merged = coalesceChunks(chunks, 64);

    expect(merged.map((chunk) => chunk.length)).toEqual([30, 100, 65, 51]);
    expect(merged[1]).toBe(large);
    expect(Buffer.from(concatChunks(merged)).equals(Buffer.from(concatChunks(chunks)))).toBe(true);
  });

  it('returns an empty list for no chunks', () => {
    expect(coalesceChunks([])).toEqual([]);
  });
});
