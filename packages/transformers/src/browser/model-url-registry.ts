import { sha256Hex } from '../session/sha256.js';
import { isOnnxUrl } from './page-url.js';

/** A Response as far as the registry reads it (the Fetch API's Response). */
export interface ResponseLike {
  ok: boolean;
  clone(): { arrayBuffer(): Promise<ArrayBuffer> };
}

/**
 * Maps model bytes back to the URL they were fetched from. In the browser transformers.js 4.3
 * hands onnxruntime-web the bytes of a model file, not its URL, so the plugin hashes every ONNX
 * file that passes through env.fetch and looks the session's bytes up by their hash.
 * NOTE: hashing reads a clone of the response, so each model file is held twice in memory
 * until its hash is known.
 */
export class ModelUrlRegistry {
  private readonly urlsByHash = new Map<string, string>();
  private readonly pending = new Set<Promise<void>>();

  /** Starts hashing the body of a successful response for an ONNX file; other responses are ignored. */
  record(url: string, response: ResponseLike): void {
    if (!response.ok || !isOnnxUrl(url)) return;

    const hashing = response
      .clone()
      .arrayBuffer()
      .then((body) => sha256Hex(new Uint8Array(body)))
      .then((hash) => {
        this.urlsByHash.set(hash, url);
      })
      // A body that fails to read fails transformers.js' own read too, which reports it.
      .catch(() => undefined)
      .finally(() => this.pending.delete(hashing));
    this.pending.add(hashing);
  }

  /** Adds a URL found another way, such as in the browser cache. */
  add(hash: string, url: string): void {
    this.urlsByHash.set(hash, url);
  }

  /** Returns the URL of the bytes with this hash, after the responses still being hashed are done. */
  async find(hash: string): Promise<string | undefined> {
    const known = this.urlsByHash.get(hash);
    if (known !== undefined) return known;
    await Promise.all([...this.pending]);
    return this.urlsByHash.get(hash);
  }
}
