// Child process for the WebGPU runs. It needs its own process because the Vulkan loader and driver
// are found through environment variables read at start-up (LD_LIBRARY_PATH, VK_ICD_FILENAMES).
//   node webgpu-worker.js '<JSON of { cases, quick, warmups, repetitions }>'
// Prints one JSON line: { timings } or { unavailable: reason }.
import * as ort from 'onnxruntime-node';

import type { InferenceCase } from './cases.js';
import { type CaseTiming, ModelCache, timeCase } from './compare.js';

interface WorkerRequest {
  cases: InferenceCase[];
  quick: boolean;
  warmups: number;
  repetitions: number;
}

export type WebGpuResult = { timings: Array<CaseTiming | { inferenceCase: InferenceCase; error: string }> } | { unavailable: string };

const request = JSON.parse(process.argv[2] ?? '{}') as WorkerRequest;
const models = new ModelCache(request.quick);
// Severity 3 (errors only) hides the warning that shape ops were placed on the CPU, which onnxruntime does on purpose.
const sessionOptions: ort.InferenceSession.SessionOptions = { executionProviders: ['webgpu'], logSeverityLevel: 3 };

let result: WebGpuResult;
const firstCase = request.cases[0];
try {
  // A session on the smallest model checks that an adapter exists before the real cases start.
  if (firstCase !== undefined) await (await ort.InferenceSession.create(models.original('ocr'), sessionOptions)).release();
  const timings: Array<CaseTiming | { inferenceCase: InferenceCase; error: string }> = [];
  for (const inferenceCase of request.cases) {
    try {
      timings.push(await timeCase(inferenceCase, models, { ...request, sessionOptions }));
    } catch (error) {
      timings.push({ inferenceCase, error: error instanceof Error ? error.message : String(error) });
    }
  }
  result = { timings };
} catch (error) {
  result = { unavailable: (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? 'unknown error' };
}
process.stdout.write(`${JSON.stringify(result)}\n`);
