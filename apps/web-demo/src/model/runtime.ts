// onnxruntime-web setup and the choice of execution provider: WebGPU when the browser has an adapter
// and the session can be created on it, otherwise WebAssembly on the CPU.
import * as ort from 'onnxruntime-web/webgpu';

import { ORT_WASM_DIR } from './asset-paths';

export type BackendName = 'webgpu' | 'wasm';

/** The execution provider that runs every session of the page, and why. */
export interface Backend {
  name: BackendName;
  /** For WebGPU the adapter's vendor and architecture, for wasm the thread count. */
  detail: string;
  /** Reason for not using WebGPU, or undefined when WebGPU runs. */
  fallbackReason: string | undefined;
}

/** Backend order of the page: 'auto' tries WebGPU, then wasm. */
export type BackendPreference = 'auto' | 'wasm';

/** Points onnxruntime-web at the WebAssembly files next to the page, never a CDN, and limits its JavaScript log to errors. */
export function configureRuntime(pageUrl: string): void {
  ort.env.wasm.wasmPaths = new URL(ORT_WASM_DIR, pageUrl).href;
  ort.env.logLevel = 'error';
}

/**
 * Creates a session for model bytes on one execution provider. Severity 3 (errors only) hides the
 * warning that shape ops run on the CPU, which onnxruntime logs for every WebGPU session.
 */
export function createSession(bytes: Uint8Array, backend: BackendName): Promise<ort.InferenceSession> {
  return ort.InferenceSession.create(bytes, { executionProviders: [backend], logSeverityLevel: 3 });
}

/**
 * Creates the first session of the page: on WebGPU when `preference` is 'auto' and an adapter
 * exists, and on wasm when WebGPU is missing or its session fails. Later sessions use the returned
 * backend, so both models always run on the same one.
 */
export async function createFirstSession(bytes: Uint8Array, preference: BackendPreference): Promise<{ session: ort.InferenceSession; backend: Backend }> {
  let fallbackReason = 'the page was opened with ?backend=wasm';

  if (preference === 'auto') {
    const adapter = await findWebGpuAdapter();
    if (adapter.found) {
      try {
        const session = await createSession(bytes, 'webgpu');
        return { session, backend: { name: 'webgpu', detail: adapter.detail, fallbackReason: undefined } };
      } catch (error) {
        fallbackReason = `creating the WebGPU session failed: ${error instanceof Error ? error.message : String(error)}`;
      }
    } else {
      fallbackReason = adapter.reason;
    }
  }

  const session = await createSession(bytes, 'wasm');
  const threads = ort.env.wasm.numThreads ?? 1;
  const detail = `${threads} ${threads === 1 ? 'thread' : 'threads'}${globalThis.crossOriginIsolated ? '' : ' (the page is not cross-origin isolated)'}`;
  return { session, backend: { name: 'wasm', detail, fallbackReason } };
}

type AdapterSearch = { found: true; detail: string } | { found: false; reason: string };

async function findWebGpuAdapter(): Promise<AdapterSearch> {
  if (!('gpu' in navigator)) return { found: false, reason: 'this browser has no WebGPU (navigator.gpu is missing)' };

  let adapter: GPUAdapter | null;
  try {
    adapter = await navigator.gpu.requestAdapter();
  } catch (error) {
    return { found: false, reason: `requesting a WebGPU adapter failed: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (adapter === null) return { found: false, reason: 'the browser has WebGPU but no adapter (no usable GPU or driver)' };

  const vendor = adapter.info.vendor || 'unknown vendor';
  const architecture = adapter.info.architecture || 'unknown architecture';
  return { found: true, detail: `${vendor}, ${architecture}` };
}
