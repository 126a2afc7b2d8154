import { clone, create, toBinary } from '@bufbuild/protobuf';
import {
  type GraphProto,
  type ModelProto,
  ModelProtoSchema,
  StringStringEntryProtoSchema,
  type TensorProto,
  TensorProto_DataLocation,
} from 'onnx-buf';

export interface ExternalDataOptions {
  /** File name written into each tensor's `location` entry, relative to the model file, e.g. "model.onnx.data". */
  location: string;
  /**
   * Initializers to move: a list of names (each must exist and hold raw_data) or a predicate.
   * Default: every initializer whose raw_data has at least 1024 bytes, the size_threshold default of onnx.save_model.
   */
  select?: readonly string[] | ((tensor: TensorProto) => boolean);
  /** Byte alignment of each tensor's offset in the data file (default 1: packed back to back, as onnx.save_model writes them). */
  alignment?: number;
}

export interface ExternalDataResult {
  /** The model, whose moved initializers now point into the data file. */
  modelBytes: Uint8Array;
  /** Contents of the data file named by `location`. */
  dataBytes: Uint8Array;
  /** Names of the moved initializers, in file order. */
  movedNames: string[];
}

const DEFAULT_SIZE_THRESHOLD = 1024;

function* graphsOf(graph: GraphProto): Generator<GraphProto> {
  yield graph;
  for (const node of graph.node) {
    for (const attribute of node.attribute) {
      if (attribute.g !== undefined) yield* graphsOf(attribute.g);
      for (const subgraph of attribute.graphs) yield* graphsOf(subgraph);
    }
  }
}

/**
 * Moves initializers of the main graph and its subgraphs into one external data file.
 * Each moved tensor gets data_location EXTERNAL and `location`, `offset` and `length` entries, and its
 * raw_data is cleared. The input model is left unchanged.
 */
export function moveInitializersToExternalData(model: ModelProto, options: ExternalDataOptions): ExternalDataResult {
  const copy = clone(ModelProtoSchema, model);
  if (copy.graph === undefined) throw new Error('The model has no graph, so it has no initializers to move.');

  const alignment = options.alignment ?? 1;
  if (!Number.isInteger(alignment) || alignment < 1) throw new Error(`Alignment must be a positive integer, got ${alignment}.`);

  const select = options.select;
  const requestedNames = Array.isArray(select) ? new Set<string>(select) : undefined;
  const isSelected = (tensor: TensorProto): boolean => {
    if (requestedNames !== undefined) return requestedNames.has(tensor.name);
    if (typeof select === 'function') return select(tensor);
    return tensor.rawData.byteLength >= DEFAULT_SIZE_THRESHOLD;
  };

  const chunks: Array<{ offset: number; bytes: Uint8Array }> = [];
  const movedNames: string[] = [];
  let fileLength = 0;

  for (const graph of graphsOf(copy.graph)) {
    for (const tensor of graph.initializer) {
      if (!isSelected(tensor)) continue;
      if (tensor.rawData.byteLength === 0) {
        if (requestedNames !== undefined) throw new Error(`Initializer "${tensor.name}" keeps its data outside raw_data, so it cannot be moved.`);
        continue;
      }

      const offset = Math.ceil(fileLength / alignment) * alignment;
      const length = tensor.rawData.byteLength;
      chunks.push({ offset, bytes: tensor.rawData });
      fileLength = offset + length;
      movedNames.push(tensor.name);

      tensor.rawData = new Uint8Array(0);
      tensor.dataLocation = TensorProto_DataLocation.EXTERNAL;
      tensor.externalData = [
        create(StringStringEntryProtoSchema, { key: 'location', value: options.location }),
        create(StringStringEntryProtoSchema, { key: 'offset', value: String(offset) }),
        create(StringStringEntryProtoSchema, { key: 'length', value: String(length) }),
      ];
    }
  }

  if (requestedNames !== undefined) {
    const missing = [...requestedNames].filter((name) => !movedNames.includes(name));
    if (missing.length > 0) throw new Error(`No initializer named ${missing.map((name) => `"${name}"`).join(', ')} in the model.`);
  }

  const dataBytes = new Uint8Array(fileLength);
  for (const chunk of chunks) dataBytes.set(chunk.bytes, chunk.offset);
  return { modelBytes: toBinary(ModelProtoSchema, copy), dataBytes, movedNames };
}
