/** Returns the SHA-256 digest of `bytes` as lowercase hex, with Web Crypto (Node 20+ and browsers). */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const subtle = globalThis.crypto?.subtle;
  if (subtle === undefined) {
    throw new Error('MultiMax needs Web Crypto (crypto.subtle) to hash model files, and it is not available here; browsers provide it only to pages served over https or from localhost.');
  }

  const digest = new Uint8Array(await subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
