// The test page: runs a text-classification pipeline with MultiMax installed, on the device the
// test requests, and returns the scores and session reports to Playwright.
import { env, pipeline } from '@huggingface/transformers';

import { installMultiMax, type ParamsValue, type SessionReport } from '../../../src/browser/index.js';

export interface ClassificationRequest {
  device: 'webgpu' | 'wasm';
  modelId: string;
  sentences: string[];
  params: ParamsValue;
}

export interface ClassificationResult {
  /** Every label's score for each sentence, in label order. */
  scores: number[];
  reports: SessionReport[];
}

async function classify(request: ClassificationRequest): Promise<ClassificationResult> {
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = '/models/';
  // onnxruntime-web's .mjs and .wasm files come from the test server, not from transformers.js' CDN default.
  (env.backends.onnx.wasm as { wasmPaths: string }).wasmPaths = '/ort/';

  const reports: SessionReport[] = [];
  const installation = installMultiMax({ params: request.params, onSession: (report) => reports.push(report) });
  try {
    const classifier = await pipeline('text-classification', request.modelId, { device: request.device, dtype: 'fp32' });
    const output = (await classifier(request.sentences, { top_k: null })) as Array<Array<{ label: string; score: number }>>;
    await classifier.dispose();
    const scores = output.flatMap((labels) => [...labels].sort((a, b) => a.label.localeCompare(b.label)).map((entry) => entry.score));
    return { scores, reports };
  } finally {
    installation.uninstall();
  }
}

/** Returns a description of the WebGPU adapter, or the reason there is none. */
async function webGpuAdapter(): Promise<{ available: boolean; description: string }> {
  const gpu = (globalThis as { navigator?: { gpu?: { requestAdapter(): Promise<{ info?: { vendor: string; architecture: string } } | null> } } }).navigator?.gpu;
  if (gpu === undefined) return { available: false, description: 'navigator.gpu is undefined' };
  const adapter = await gpu.requestAdapter();
  if (adapter === null) return { available: false, description: 'navigator.gpu.requestAdapter() returned null' };
  return { available: true, description: `${adapter.info?.vendor ?? '?'} ${adapter.info?.architecture ?? '?'}` };
}

(globalThis as Record<string, unknown>).multimaxTest = { classify, webGpuAdapter };
