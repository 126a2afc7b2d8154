import type { ParamsFile } from '@multimax/core';

import { contentHash } from './content-hash.js';
import { type PatchedBytes, patchModelBytes } from './patch-bytes.js';

/**
 * Patched models keyed by the SHA-256 of the original bytes and the params, so loading the same
 * model twice (two pipelines, or a model that several sessions share) patches it once.
 * NOTE: entries live as long as the installation, so each patched model stays in memory until
 * uninstall(). A page that loads many large models in turn keeps all of them.
 */
export class PatchCache {
  private readonly entries = new Map<string, Promise<PatchedBytes>>();

  async patch(bytes: Uint8Array, params: ParamsFile, source: string): Promise<{ result: PatchedBytes; cached: boolean }> {
    const key = `${await contentHash(bytes)}:${JSON.stringify(params)}`;
    const existing = this.entries.get(key);
    if (existing !== undefined) return { result: await existing, cached: true };

    const pending = Promise.resolve().then(() => patchModelBytes(bytes, params, source));
    this.entries.set(key, pending);
    try {
      return { result: await pending, cached: false };
    } catch (error) {
      this.entries.delete(key);
      throw error;
    }
  }

  clear(): void {
    this.entries.clear();
  }
}
