import { createHash } from 'node:crypto';

import type { ParamsFile } from '@multimax/core';
import { PACKAGE_VERSION } from '@multimax/onnx';

import type { ProbeRequest } from '../patching/probes.js';

/** Inputs a patched model depends on: the input model bytes, the patch request and the patching tool's version. */
export interface CacheKey {
  /** sha256 of the model file's bytes (external data files are not part of it: the patch never changes them). */
  modelSha256: string;
  /** sha256 of the canonical JSON of the normalized params file and the probe layers. */
  patchSha256: string;
  /** PACKAGE_VERSION of @multimax/onnx, whose rewriter produced the bytes. */
  toolVersion: string;
  /** File name stem of the cache entry. */
  entryName: string;
}

export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function cacheKeyFor(modelBytes: Uint8Array, params: ParamsFile, probes: ProbeRequest | undefined): CacheKey {
  const modelSha256 = sha256Hex(modelBytes);
  const patchSha256 = sha256Hex(canonicalJson({ params, probes: normalizeProbes(probes) }));
  const toolVersion = PACKAGE_VERSION;
  return { modelSha256, patchSha256, toolVersion, entryName: `${modelSha256.slice(0, 16)}-${patchSha256.slice(0, 16)}-${toolVersion}` };
}

/** Probe layers in a canonical order without duplicates, or null for no probes. */
function normalizeProbes(probes: ProbeRequest | undefined): readonly number[] | 'all' | null {
  if (probes === undefined) return null;
  if (probes.layers === 'all') return 'all';
  return [...new Set(probes.layers)].sort((a, b) => a - b);
}

/** JSON with object keys sorted at every level, so equal values always give equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, entry: unknown) => {
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) return entry;
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(entry).sort()) sorted[key] = (entry as Record<string, unknown>)[key];
    return sorted;
  });
}
