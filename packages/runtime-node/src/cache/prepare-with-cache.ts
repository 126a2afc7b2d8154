import type { ParamsFile } from '@multimax/core';
import type { InferenceSession } from 'onnxruntime-node';

import type { Logger } from '../logger.js';
import type { ModelSource } from '../model/model-source.js';
import { type PreparedModel, preparePatchedModel } from '../patching/prepare-model.js';
import type { ProbeRequest } from '../patching/probes.js';
import { defaultCacheFolder } from './cache-folder.js';
import { cacheKeyFor } from './cache-key.js';
import { loadCachedModel, storeCachedModel } from './patched-model-cache.js';

/** `true` caches in the default folder (see defaultCacheFolder), `{ dir }` in the given folder. */
export type CacheOption = boolean | { dir: string };

/** Whether the patched model came from the cache ('hit'), was patched and stored ('miss'), or the cache is off. */
export type CacheStatus = 'hit' | 'miss' | 'off';

export interface PreparationRequest {
  source: ModelSource;
  params: ParamsFile;
  probes: ProbeRequest | undefined;
  sessionOptions: InferenceSession.SessionOptions;
  cache: CacheOption | undefined;
  logger: Logger;
}

/** Returns the patched model from the cache, or patches it and stores it there when the cache is on. */
export async function prepareWithCache(request: PreparationRequest): Promise<{ prepared: PreparedModel; cache: CacheStatus }> {
  const folder = cacheFolderOf(request.cache);
  const prepare = () => preparePatchedModel(request.source, request.params, request.probes, request.sessionOptions);
  if (folder === undefined) return { prepared: await prepare(), cache: 'off' };

  const key = cacheKeyFor(request.source.bytes, request.params, request.probes);
  const cached = await loadCachedModel(folder, key, request.logger);
  if (cached !== undefined) return { prepared: cached, cache: 'hit' };

  const prepared = await prepare();
  await storeCachedModel(folder, key, prepared, request.logger);
  return { prepared, cache: 'miss' };
}

function cacheFolderOf(option: CacheOption | undefined): string | undefined {
  if (option === undefined || option === false) return undefined;
  return option === true ? defaultCacheFolder() : option.dir;
}
