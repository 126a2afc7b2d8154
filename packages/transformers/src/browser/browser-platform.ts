import type { Platform } from '../installation.js';
import { locateModelUrl } from '../location/url-location.js';
import type { ModelLocation, TransformersEnv } from '../options.js';
import { MODEL_PARAMS_FILE_NAME, type ParamsTextReader } from '../params/params-resolver.js';
import { contentHash } from '../session/content-hash.js';
import type { ModelInput } from '../session/create-arguments.js';
import type { InferenceSessionClass } from '../session/session-hook.js';
import { findCachedModelUrl } from './browser-cache-lookup.js';
import { ModelUrlRegistry, type ResponseLike } from './model-url-registry.js';
import { pageBaseUrl } from './page-url.js';

type FetchFunction = TransformersEnv['fetch'];

/**
 * Creates the browser platform. It wraps env.fetch to learn which URL each model's bytes came
 * from, and reads params files with the fetch that transformers.js was configured with.
 */
export function createBrowserPlatform(sessionClass: InferenceSessionClass, env: TransformersEnv): Platform {
  const registry = new ModelUrlRegistry();
  const originalFetch: FetchFunction = env.fetch;
  const recordingFetch: FetchFunction = async (input, init) => {
    const response = await originalFetch(input, init);
    // The request URL names the model; response.url may be a CDN address after a redirect.
    registry.record(new URL(String(input), pageBaseUrl()).href, response as ResponseLike);
    return response;
  };
  env.fetch = recordingFetch;

  const fetchText = async (url: string): Promise<{ status: number; statusText: string; text: string | undefined }> => {
    const response = (await originalFetch(new URL(url, pageBaseUrl()).href)) as { ok: boolean; status: number; statusText: string; text(): Promise<string> };
    return { status: response.status, statusText: response.statusText, text: response.ok ? await response.text() : undefined };
  };

  const reader: ParamsTextReader = {
    async readRequired(url) {
      const { status, statusText, text } = await fetchText(url);
      if (text === undefined) throw new Error(`Failed to fetch MultiMax params ${url}: HTTP ${status} ${statusText}`);
      return text;
    },
    async readModelParams(location: ModelLocation) {
      const url = `${location.folder}/${MODEL_PARAMS_FILE_NAME}`;
      const { status, statusText, text } = await fetchText(url);
      if (text === undefined && status !== 404) throw new Error(`Failed to fetch ${url}: HTTP ${status} ${statusText}`);
      return text;
    },
  };

  const findModelUrl = async (bytes: Uint8Array): Promise<string | undefined> => {
    const hash = await contentHash(bytes);
    const fetched = await registry.find(hash);
    if (fetched !== undefined || !env.useBrowserCache) return fetched;

    const cached = await findCachedModelUrl(env.cacheKey, bytes, hash);
    if (cached !== undefined) registry.add(hash, cached);
    return cached;
  };

  return {
    sessionClass,
    reader,

    async locate(input: ModelInput) {
      const url = input.kind === 'path' ? input.path : await findModelUrl(input.bytes);
      return url === undefined ? undefined : locateModelUrl(url, env, pageBaseUrl());
    },

    async readBytes(input: ModelInput) {
      if (input.kind === 'bytes') return input.bytes;
      const response = (await originalFetch(new URL(input.path, pageBaseUrl()).href)) as { ok: boolean; status: number; arrayBuffer(): Promise<ArrayBuffer> };
      if (!response.ok) throw new Error(`Failed to fetch model ${input.path}: HTTP ${response.status}`);
      return new Uint8Array(await response.arrayBuffer());
    },

    // transformers.js passes external data as `externalData` entries, which the patched bytes keep pointing to.
    optionsForPatchedBytes: (_input, options) => options,

    dispose() {
      if (env.fetch === recordingFetch) env.fetch = originalFetch;
    },
  };
}
