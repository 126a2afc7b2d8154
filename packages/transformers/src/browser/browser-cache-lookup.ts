import { sha256Hex } from '../session/sha256.js';
import { isOnnxUrl } from './page-url.js';

interface CacheLike {
  keys(): Promise<ReadonlyArray<{ url: string }>>;
  match(request: { url: string }): Promise<{ headers: { get(name: string): string | null }; arrayBuffer(): Promise<ArrayBuffer> } | undefined>;
}

interface CacheStorageLike {
  open(name: string): Promise<CacheLike>;
}

/**
 * Finds the URL of model bytes that transformers.js read from the browser cache (env.useBrowserCache,
 * Cache API storage named env.cacheKey), where no fetch ran. Only entries of ONNX files whose stored
 * length matches are read and hashed. Returns undefined when none matches or no Cache API exists.
 */
export async function findCachedModelUrl(cacheName: string, bytes: Uint8Array, hash: string): Promise<string | undefined> {
  const storage = (globalThis as { caches?: CacheStorageLike }).caches;
  if (storage === undefined) return undefined;

  const cache = await storage.open(cacheName);
  for (const request of await cache.keys()) {
    if (!isOnnxUrl(request.url)) continue;

    const response = await cache.match(request);
    if (response === undefined) continue;
    const storedLength = Number(response.headers.get('content-length'));
    if (storedLength > 0 && storedLength !== bytes.byteLength) continue;

    const candidate = new Uint8Array(await response.arrayBuffer());
    if (candidate.byteLength === bytes.byteLength && (await sha256Hex(candidate)) === hash) return request.url;
  }
  return undefined;
}
