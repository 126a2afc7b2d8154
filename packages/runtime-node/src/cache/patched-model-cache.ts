import { promises as fs } from 'node:fs';
import path from 'node:path';

import { writeAtomically } from '@multimax/onnx/node';

import { errorMessage } from '../error-message.js';
import type { Logger } from '../logger.js';
import type { PatchSummary } from '../patching/patch-summary.js';
import type { PreparedModel } from '../patching/prepare-model.js';
import type { ProbeOutput } from '../patching/probes.js';
import { type CacheKey, sha256Hex } from './cache-key.js';

/**
 * The sidecar `<entry>.json` of a cached `<entry>.onnx`. It is written after the model file, so a
 * sidecar always describes a complete model file, and its sha256 detects a model file that changed
 * since.
 */
interface CacheEntryMetadata {
  format: 'multimax-patched-model';
  version: 1;
  modelSha256: string;
  patchSha256: string;
  toolVersion: string;
  /** sha256 and size of the cached model file. */
  sha256: string;
  size: number;
  patch: PatchSummary;
  probes: ProbeOutput[];
}

const FORMAT = 'multimax-patched-model';

/**
 * Returns the cached patched model of the key, or undefined on a miss. An entry whose sidecar is
 * unreadable, belongs to another key or whose model file fails the sha256 check is logged, deleted and
 * reported as a miss, so the caller rebuilds it.
 */
export async function loadCachedModel(folder: string, key: CacheKey, logger: Logger): Promise<PreparedModel | undefined> {
  const files = entryFiles(folder, key);

  let text: string;
  try {
    text = await fs.readFile(files.metadata, 'utf8');
  } catch (error) {
    // A folder that is missing or not a folder is a miss; writing the entry then reports the problem.
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    logger.warn(`cannot read the cache entry ${files.metadata} (${errorMessage(error)}); patching the model without the cache`);
    return undefined;
  }

  const metadata = parseMetadata(text, key);
  if (typeof metadata === 'string') return discardEntry(files, metadata, logger);

  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await fs.readFile(files.model));
  } catch (error) {
    return discardEntry(files, `its model file cannot be read: ${errorMessage(error)}`, logger);
  }

  const sha256 = sha256Hex(bytes);
  if (bytes.byteLength !== metadata.size || sha256 !== metadata.sha256) {
    return discardEntry(files, `its model file has ${bytes.byteLength} bytes with sha256 ${sha256}, expected ${metadata.size} bytes with sha256 ${metadata.sha256}`, logger);
  }
  return { bytes, patch: metadata.patch, probes: metadata.probes };
}

/**
 * Writes the entry atomically, model file first and sidecar last. A failed write is logged and
 * otherwise ignored, since the session can run without the cache.
 */
export async function storeCachedModel(folder: string, key: CacheKey, prepared: PreparedModel, logger: Logger): Promise<void> {
  const files = entryFiles(folder, key);
  const metadata: CacheEntryMetadata = {
    format: FORMAT,
    version: 1,
    modelSha256: key.modelSha256,
    patchSha256: key.patchSha256,
    toolVersion: key.toolVersion,
    sha256: sha256Hex(prepared.bytes),
    size: prepared.bytes.byteLength,
    patch: prepared.patch,
    probes: prepared.probes,
  };

  try {
    await fs.mkdir(folder, { recursive: true });
    await writeAtomically(files.model, prepared.bytes);
    await writeAtomically(files.metadata, new TextEncoder().encode(`${JSON.stringify(metadata, null, 2)}\n`));
  } catch (error) {
    logger.warn(`cannot write the cache entry ${files.model} (${errorMessage(error)}); the session runs, but the next one patches the model again`);
  }
}

/** Paths of an entry's model file and sidecar. */
export function entryFiles(folder: string, key: CacheKey): { model: string; metadata: string } {
  return { model: path.join(folder, `${key.entryName}.onnx`), metadata: path.join(folder, `${key.entryName}.json`) };
}

/** Returns the metadata, or the reason it cannot be used. */
function parseMetadata(text: string, key: CacheKey): CacheEntryMetadata | string {
  let value: Partial<CacheEntryMetadata>;
  try {
    value = JSON.parse(text) as Partial<CacheEntryMetadata>;
  } catch (error) {
    return `its sidecar is not valid JSON: ${errorMessage(error)}`;
  }

  if (value === null || typeof value !== 'object' || value.format !== FORMAT || value.version !== 1) return `its sidecar is not a ${FORMAT} version 1 file`;
  if (value.modelSha256 !== key.modelSha256 || value.patchSha256 !== key.patchSha256 || value.toolVersion !== key.toolVersion) {
    return 'its sidecar describes another model, params or tool version';
  }
  if (typeof value.sha256 !== 'string' || typeof value.size !== 'number' || typeof value.patch !== 'object' || !Array.isArray(value.probes)) {
    return 'its sidecar lacks sha256, size, patch or probes';
  }
  return value as CacheEntryMetadata;
}

async function discardEntry(files: { model: string; metadata: string }, reason: string, logger: Logger): Promise<undefined> {
  logger.warn(`cache entry ${files.model} is corrupt (${reason}); deleting it and patching the model again`);
  await Promise.all([fs.rm(files.model, { force: true }), fs.rm(files.metadata, { force: true })]);
  return undefined;
}
