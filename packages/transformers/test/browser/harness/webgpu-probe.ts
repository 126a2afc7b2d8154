import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium.js';

export interface WebGpuProbe {
  available: boolean;
  description: string;
}

/**
 * Asks headless Chromium for a WebGPU adapter, in a child process, because jest defines tests
 * synchronously and the result decides whether the WebGPU test runs or is skipped.
 */
export function probeWebGpu(): WebGpuProbe {
  try {
    const output = execFileSync(process.execPath, [join(__dirname, 'probe-webgpu.mjs'), CHROMIUM_PATH, JSON.stringify(CHROMIUM_ARGS)], { encoding: 'utf8', timeout: 60_000 });
    return JSON.parse(output) as WebGpuProbe;
  } catch (error) {
    return { available: false, description: `the WebGPU probe failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}` };
  }
}
