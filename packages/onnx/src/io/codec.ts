import { fromBinary } from '@bufbuild/protobuf';

import { ModelError } from '../errors.js';
import { concatChunks, encodeModelChunks } from './encode-chunks.js';
import { type ModelProto, ModelProtoSchema } from './proto.js';

/**
 * Decodes ONNX model bytes. Raises ModelError('invalid-model') for bytes that are not a protobuf
 * message or that decode to something without a graph, naming `source` in the message.
 *
 * NOTE: tensor `rawData` fields are views into `bytes`, not copies: keep `bytes` unmodified while the
 * model is in use.
 */
export function decodeModel(bytes: Uint8Array, source?: string): ModelProto {
  let model: ModelProto;
  try {
    model = fromBinary(ModelProtoSchema, bytes, { readUnknownFields: true });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ModelError('invalid-model', `not a valid ONNX model (protobuf decoding failed: ${reason}); check that the file is a complete .onnx file`, { file: source, cause: error });
  }

  if (model.graph === undefined || model.opsetImport.length === 0) {
    throw new ModelError('invalid-model', 'not an ONNX model: it has no graph or no opset_import; check that the file is a .onnx model, not another protobuf file', { file: source });
  }

  return model;
}

/**
 * Encodes a model to ONNX bytes; unknown fields read by decodeModel are written back unchanged. The
 * bytes are the ones toBinary writes, but tensor data is copied once instead of once per nesting
 * level (see encodeModelChunks).
 */
export function encodeModel(model: ModelProto): Uint8Array {
  return concatChunks(encodeModelChunks(model));
}
