import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';

import { ModelError } from '../errors.js';
import { decodeModel } from '../io/codec.js';
import { coalesceChunks, encodeModelChunks } from '../io/encode-chunks.js';
import { type ExternalDataReference, listExternalData } from '../io/external-data.js';
import type { ModelProto } from '../io/proto.js';

export interface LoadedModel {
  model: ModelProto;
  /** Absolute path of the model file. */
  path: string;
  externalData: ExternalDataReference[];
}

/**
 * Reads and decodes a model file and checks its external data references: each location must be a
 * relative path inside the model's folder, and the file must hold offset + length bytes.
 */
export async function readModelFile(file: string): Promise<LoadedModel> {
  const absolute = path.resolve(file);
  let bytes: Buffer;
  try {
    bytes = await readWholeFile(absolute);
  } catch (error) {
    throw new ModelError('io', `cannot read the model (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); check the path`, { file, cause: error });
  }

  const model = decodeModel(bytes, file);
  const externalData = listExternalData(model);
  await checkExternalData(absolute, externalData, file);
  return { model, path: absolute, externalData };
}

/**
 * Reads a file with as few reads as the system allows. fs.readFile reads in 512 KiB pieces, which
 * took about a quarter longer on a 100 MiB model on this project's test machines.
 */
async function readWholeFile(file: string): Promise<Buffer> {
  const handle = await fs.open(file, 'r');
  try {
    const { size } = await handle.stat();
    const bytes = Buffer.allocUnsafe(size);
    let offset = 0;
    while (offset < size) {
      const { bytesRead } = await handle.read(bytes, offset, size - offset, offset);
      // The file shrank while it was read: keep what is there, decoding then reports the damage.
      if (bytesRead === 0) return bytes.subarray(0, offset);
      offset += bytesRead;
    }
    return bytes;
  } finally {
    await handle.close();
  }
}

/** Resolves an external data location against the model folder, rejecting paths that leave it. */
export function resolveExternalLocation(modelPath: string, location: string, source?: string): string {
  const folder = path.dirname(modelPath);
  if (location === '' || path.isAbsolute(location) || /^[a-zA-Z]:[\\/]/.test(location) || location.includes('\0')) {
    throw new ModelError('external-data', `external data location ${JSON.stringify(location)} must be a relative path inside the model's folder; move the data file next to the model and fix the location`, { file: source });
  }
  const resolved = path.resolve(folder, location);
  const relative = path.relative(folder, resolved);
  if (relative.startsWith('..') || path.isAbsolute(relative)) {
    throw new ModelError('external-data', `external data location ${JSON.stringify(location)} escapes the model's folder; move the data file next to the model and fix the location`, { file: source });
  }
  return resolved;
}

async function checkExternalData(modelPath: string, references: ExternalDataReference[], source: string): Promise<void> {
  const sizes = new Map<string, number>();
  for (const reference of references) {
    const resolved = resolveExternalLocation(modelPath, reference.location, source);
    let size = sizes.get(resolved);
    if (size === undefined) {
      try {
        size = (await fs.stat(resolved)).size;
      } catch (error) {
        throw new ModelError('external-data', `external data file ${JSON.stringify(reference.location)} of tensor ${JSON.stringify(reference.tensor)} is missing; copy it next to the model`, { file: source, cause: error });
      }
      sizes.set(resolved, size);
    }
    const end = reference.offset + (reference.length ?? 0);
    if (end > size) {
      throw new ModelError('external-data', `external data file ${JSON.stringify(reference.location)} has ${size} bytes, but tensor ${JSON.stringify(reference.tensor)} needs bytes up to ${end}; the file is truncated or belongs to another model`, { file: source });
    }
  }
}

/** The file operations an atomic write uses; replaceable to simulate failures such as a full disk. */
export interface AtomicWriteFileSystem {
  /** Writes the concatenation of `chunks`. */
  writeFile(file: string, chunks: readonly Uint8Array[], options: { flag: string }): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  rm(file: string, options: { force: boolean }): Promise<void>;
}

const nodeFileSystem: AtomicWriteFileSystem = {
  writeFile: (file, chunks, options) => fs.writeFile(file, chunks, options),
  rename: (from, to) => fs.rename(from, to),
  rm: (file, options) => fs.rm(file, options),
};

export interface WriteModelOptions {
  /** The model file the model was read from: writing over it is rejected, and its external data is carried along. */
  sourcePath?: string;
  externalData?: ExternalDataReference[];
  fileSystem?: AtomicWriteFileSystem;
}

/**
 * Writes a model atomically: to a temporary file in the target folder, then renamed over the target,
 * so a failed write never leaves a partial file. External data files are never rewritten: when the
 * output goes to another folder they are copied there unchanged (an existing different file there is
 * an error).
 */
export async function writeModelFile(file: string, model: ModelProto, options: WriteModelOptions = {}): Promise<void> {
  const target = path.resolve(file);
  if (options.sourcePath !== undefined && (await sameFile(options.sourcePath, target))) {
    throw new ModelError('io', 'the output path is the input model; choose another output path, the input is never overwritten', { file });
  }

  // Tensors of 1 MiB or more go to the file straight from the input's buffer, without a copy.
  const chunks = coalesceChunks(encodeModelChunks(model));
  await copyExternalData(options, target, file);
  await writeAtomically(target, chunks, file, options.fileSystem);
}

/**
 * Writes bytes, or the concatenation of chunks, to a temporary file beside `target`, then renames
 * it over `target`; on failure the temporary file is removed.
 */
export async function writeAtomically(target: string, data: Uint8Array | readonly Uint8Array[], source = target, fileSystem: AtomicWriteFileSystem = nodeFileSystem): Promise<void> {
  const temporary = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  const chunks = ArrayBuffer.isView(data) ? [data as Uint8Array] : (data as readonly Uint8Array[]);
  try {
    await fileSystem.writeFile(temporary, chunks, { flag: 'wx' });
    await fileSystem.rename(temporary, target);
  } catch (error) {
    await fileSystem.rm(temporary, { force: true });
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new ModelError('io', `cannot write the output (${code}); check that the folder exists, is writable and has free space`, { file: source, cause: error });
  }
}

async function copyExternalData(options: WriteModelOptions, target: string, source: string): Promise<void> {
  if (options.sourcePath === undefined || options.externalData === undefined || options.externalData.length === 0) return;
  const sourceFolder = path.dirname(path.resolve(options.sourcePath));
  const targetFolder = path.dirname(target);
  if (sourceFolder === targetFolder) return;

  const locations = new Set(options.externalData.map((reference) => reference.location));
  for (const location of locations) {
    const from = resolveExternalLocation(path.resolve(options.sourcePath), location, options.sourcePath);
    const to = resolveExternalLocation(target, location, source);
    if (await exists(to)) {
      if (await sameContent(from, to)) continue;
      throw new ModelError('external-data', `external data file ${JSON.stringify(location)} already exists in the output folder with other contents; write the output to another folder or remove that file`, { file: source });
    }
    await fs.mkdir(path.dirname(to), { recursive: true });
    await fs.copyFile(from, to, fs.constants.COPYFILE_EXCL);
  }
}

async function sameFile(a: string, b: string): Promise<boolean> {
  if (path.resolve(a) === path.resolve(b)) return true;
  try {
    const [statA, statB] = await Promise.all([fs.stat(a), fs.stat(b)]);
    return statA.ino === statB.ino && statA.dev === statB.dev;
  } catch {
    return false;
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.access(file);
    return true;
  } catch {
    return false;
  }
}

/** Compares two files chunk by chunk, so multi-gigabyte external data never sits in memory whole. */
async function sameContent(a: string, b: string): Promise<boolean> {
  const [statA, statB] = await Promise.all([fs.stat(a), fs.stat(b)]);
  if (statA.size !== statB.size) return false;

  const chunkSize = 16 * 1024 * 1024;
  const [handleA, handleB] = await Promise.all([fs.open(a, 'r'), fs.open(b, 'r')]);
  try {
    const bufferA = Buffer.alloc(chunkSize);
    const bufferB = Buffer.alloc(chunkSize);
    for (let position = 0; position < statA.size; position += chunkSize) {
      const [readA, readB] = await Promise.all([handleA.read(bufferA, 0, chunkSize, position), handleB.read(bufferB, 0, chunkSize, position)]);
      if (readA.bytesRead !== readB.bytesRead || !bufferA.subarray(0, readA.bytesRead).equals(bufferB.subarray(0, readB.bytesRead))) return false;
    }
    return true;
  } finally {
    await Promise.all([handleA.close(), handleB.close()]);
  }
}
