import { create, toBinary } from '@bufbuild/protobuf';
import { ModelProtoSchema } from 'onnx-buf';

import { decodeModel, encodeModel, ModelError } from '../src/index.js';
import { readOcrModel } from './support/ocr-model.js';

describe('decodeModel and encodeModel', () => {
  it('round-trips the OCR model byte for byte', () => {
    const bytes = readOcrModel();
    const encoded = encodeModel(decodeModel(bytes));
    expect(encoded.length).toBe(bytes.length);
    expect(Buffer.from(encoded).equals(Buffer.from(bytes))).toBe(true);
  });

  it('keeps fields the schema does not know', () => {
    const known = toBinary(ModelProtoSchema, create(ModelProtoSchema, { irVersion: 8n, opsetImport: [{ domain: '', version: 13n }], graph: { name: 'g' } }));
    // Field 99, wire type 2 (length-delimited), 3 bytes: a field from a future onnx.proto.
    const unknownField = Uint8Array.from([0x9a, 0x06, 3, 0x61, 0x62, 0x63]);
    const bytes = new Uint8Array([...known, ...unknownField]);

    const encoded = encodeModel(decodeModel(bytes));
    expect(Buffer.from(encoded).subarray(-unknownField.length).equals(Buffer.from(unknownField))).toBe(true);
  });

  it.each([
    ['random bytes', Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0x0f, 0x01])],
    ['truncated model', readOcrModel().subarray(0, 1000)],
    ['empty message', new Uint8Array(0)],
  ])('rejects %s with ModelError', (_label, bytes) => {
    expect(() => decodeModel(bytes, 'bad.onnx')).toThrow(ModelError);
    expect(() => decodeModel(bytes, 'bad.onnx')).toThrow(/^bad\.onnx: not (a valid )?an? ONNX model|^bad\.onnx: not/);
  });
});
