import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { buildFp16Cast } from '@multimax/testing';

export interface WebGpuSupport {
  adapter: boolean;
  shaderF16: boolean;
  /** onnxruntime's error when `adapter` or `shaderF16` is false. */
  reason: string;
}

let cached: WebGpuSupport | undefined;

/**
 * Finds out in a child process whether WebGPU tests can run here. It runs before any test starts,
 * so that test files can mark tests skipped instead of passing them vacuously.
 */
export function webGpuSupport(): WebGpuSupport {
  if (cached !== undefined) return cached;

  const folder = mkdtempSync(path.join(os.tmpdir(), 'multimax-webgpu-probe-'));
  const modelPath = path.join(folder, 'fp16-cast.onnx');
  writeFileSync(modelPath, buildFp16Cast().bytes);
  const output = execFileSync(process.execPath, [path.join(__dirname, 'probe-webgpu.cjs'), modelPath], { encoding: 'utf8', timeout: 120_000 });
  cached = JSON.parse(output) as WebGpuSupport;
  return cached;
}

/** Shortens onnxruntime's error for messages: the text after its failed check, on one line. */
export function shortReason(reason: string): string {
  return reason.replace(/^[\s\S]*? was false\. /, '').replace(/\s+/g, ' ').trim().slice(0, 200);
}
