import { create, type DescField, type DescMessage, type Message, toBinary } from '@bufbuild/protobuf';
import { BinaryWriter, WireType } from '@bufbuild/protobuf/wire';

import type { ModelProto } from './proto.js';
import { ModelProtoSchema } from './proto.js';

/**
 * Fields written piece by piece instead of through toBinary, per message type: the paths from a
 * model down to tensor bytes. toBinary copies a nested message's bytes into its parent when it
 * closes it, so an initializer's raw_data would be copied once per level (tensor, graph, model).
 */
const SPLIT_FIELDS: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ['onnx.ModelProto', new Set(['graph'])],
  ['onnx.GraphProto', new Set(['initializer'])],
  ['onnx.TensorProto', new Set(['rawData'])],
]);

/** Tensors with fewer raw bytes than this go through toBinary whole, which is faster for them. */
const MIN_SPLIT_BYTES = 4096;

/**
 * Encodes a model into a list of byte chunks whose concatenation is exactly what toBinary writes
 * (fields by number, unknown fields last). Tensor raw_data chunks are views of the tensors' own
 * bytes, so the weights are not copied at all.
 */
export function encodeModelChunks(model: ModelProto): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  writeMessage(ModelProtoSchema, model, chunks);
  return chunks;
}

/** Joins chunks into one array: the one copy of the weights that encodeModel makes. */
export function concatChunks(chunks: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const chunk of chunks) length += chunk.length;

  const joined = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    joined.set(chunk, offset);
    offset += chunk.length;
  }
  return joined;
}

/**
 * Merges runs of chunks smaller than `size` into buffers of about `size` bytes and passes larger
 * chunks through as they are, so that writing the list takes few system calls but copies only the
 * small pieces.
 */
export function coalesceChunks(chunks: readonly Uint8Array[], size = 1024 * 1024): Uint8Array[] {
  const merged: Uint8Array[] = [];
  let run: Uint8Array[] = [];
  let runLength = 0;
  const flushRun = () => {
    if (run.length === 1 && run[0] !== undefined) merged.push(run[0]);
    else if (run.length > 1) merged.push(concatChunks(run));
    run = [];
    runLength = 0;
  };

  for (const chunk of chunks) {
    if (chunk.length >= size) {
      flushRun();
      merged.push(chunk);
      continue;
    }
    run.push(chunk);
    runLength += chunk.length;
    if (runLength >= size) flushRun();
  }
  flushRun();
  return merged;
}

/** Appends the encoding of `message` to `chunks` and returns its length in bytes. */
function writeMessage(schema: DescMessage, message: Message, chunks: Uint8Array[]): number {
  const split = SPLIT_FIELDS.get(schema.typeName);
  if (split === undefined || !shouldSplit(schema, message)) return push(chunks, toBinary(schema, message, { writeUnknownFields: true }));

  // Runs of ordinary fields go through toBinary as a partial message. Writing a split
  // field between two runs keeps the field order that toBinary uses.
  let written = 0;
  let run: DescField[] = [];
  const flushRun = (withUnknown: boolean) => {
    const bytes = encodePartial(schema, setFields(message, run, withUnknown));
    if (bytes.length > 0) written += push(chunks, bytes);
    run = [];
  };

  for (const field of fieldsByNumber(schema)) {
    if (!split.has(field.localName)) {
      run.push(field);
      continue;
    }
    flushRun(false);
    written += writeSplitField(schema, field, message, chunks);
  }
  flushRun(true);
  return written;
}

function writeSplitField(schema: DescMessage, field: DescField, owner: Message, chunks: Uint8Array[]): number {
  const value = (owner as unknown as Record<string, unknown>)[field.localName];
  if (field.fieldKind === 'message') {
    if (!Object.hasOwn(owner, field.localName) || value === undefined) return 0;
    return writeLengthDelimited(field.number, chunks, (into) => writeMessage(field.message, value as Message, into));
  }
  if (field.fieldKind === 'list' && field.listKind === 'message') {
    // Elements not worth splitting go through toBinary together, as a run of the owner's field.
    let written = 0;
    let pending: Message[] = [];
    const flushPending = () => {
      if (pending.length === 0) return;
      written += push(chunks, encodePartial(schema, { [field.localName]: pending }));
      pending = [];
    };
    for (const element of value as Message[]) {
      if (!shouldSplit(field.message, element)) {
        pending.push(element);
        continue;
      }
      flushPending();
      written += writeLengthDelimited(field.number, chunks, (into) => writeMessage(field.message, element, into));
    }
    flushPending();
    return written;
  }
  if (field.fieldKind === 'scalar' && value instanceof Uint8Array) {
    // A proto2 bytes field is written when it is set, even when it is empty.
    if (!Object.hasOwn(owner, field.localName)) return 0;
    return writeLengthDelimited(field.number, chunks, (into) => push(into, value));
  }
  throw new Error(`encodeModelChunks: field ${field.name} of kind ${field.fieldKind} cannot be split`);
}

/** Writes the tag and length of a length-delimited field, then the body that `writeBody` appends. */
function writeLengthDelimited(fieldNumber: number, chunks: Uint8Array[], writeBody: (into: Uint8Array[]) => number): number {
  const body: Uint8Array[] = [];
  const length = writeBody(body);
  const header = new BinaryWriter().tag(fieldNumber, WireType.LengthDelimited).uint32(length).finish();
  chunks.push(header, ...body);
  return header.length + length;
}

/** Returns the values of those of `fields` that are set in `message` (and its unknown fields, if asked). */
function setFields(message: Message, fields: readonly DescField[], withUnknown: boolean): Record<string, unknown> {
  const source = message as unknown as Record<string, unknown>;
  const values: Record<string, unknown> = {};
  // Fields with explicit presence (proto2) are set exactly when they are own properties.
  for (const field of fields) if (Object.hasOwn(source, field.localName)) values[field.localName] = source[field.localName];
  if (withUnknown && source.$unknown !== undefined) values.$unknown = source.$unknown;
  return values;
}

/** Encodes a message of type `schema` that has only `values` set, sharing them, with toBinary. */
function encodePartial(schema: DescMessage, values: Record<string, unknown>): Uint8Array {
  const partial = Object.assign(create(schema), values) as Message;
  return toBinary(schema, partial, { writeUnknownFields: true });
}

const sortedFields = new Map<DescMessage, readonly DescField[]>();

/** Returns the fields of a message type in the order toBinary writes them. */
function fieldsByNumber(schema: DescMessage): readonly DescField[] {
  let fields = sortedFields.get(schema);
  if (fields === undefined) {
    fields = [...schema.fields].sort((a, b) => a.number - b.number);
    sortedFields.set(schema, fields);
  }
  return fields;
}

/** Tells whether a message is written field by field: a split type, and for tensors only large ones. */
function shouldSplit(schema: DescMessage, message: Message): boolean {
  // A partial message cannot hold part of a oneof group, and the split types have none.
  if (!SPLIT_FIELDS.has(schema.typeName) || schema.oneofs.length > 0) return false;
  if (schema.typeName !== 'onnx.TensorProto') return true;
  const rawData = (message as unknown as { rawData?: Uint8Array }).rawData;
  return rawData !== undefined && rawData.length >= MIN_SPLIT_BYTES;
}

function push(chunks: Uint8Array[], bytes: Uint8Array): number {
  chunks.push(bytes);
  return bytes.length;
}
