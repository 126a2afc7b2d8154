import { sha256Hex } from './sha256.js';

// One hash per byte array: the browser hashes model bytes once to find their URL and once more for the patch cache.
const hashes = new WeakMap<Uint8Array, Promise<string>>();

/** Returns the SHA-256 hex digest of `bytes`, computed once per Uint8Array object. */
export function contentHash(bytes: Uint8Array): Promise<string> {
  let hash = hashes.get(bytes);
  if (hash === undefined) {
    hash = sha256Hex(bytes);
    hashes.set(bytes, hash);
  }
  return hash;
}
