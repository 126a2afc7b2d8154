// `npm run check:gpu`: checks that MultiMax-patched models give the same outputs on CUDA, TensorRT
// and WebGPU as on CPU. Meant for a machine with an NVIDIA GPU; see USAGE.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { USAGE, parseCheckArguments } from './arguments.js';
import { loadCheckModels } from './check-models.js';
import { cudaInstallInstructions, installCudaProviders } from './cuda-install.js';
import { formatReport } from './format-report.js';
import { runDeviceCheck } from './run-check.js';

/** Runs the check and returns the exit code: 0 passed, 1 failed, 2 invalid arguments. */
export async function main(args: readonly string[], print: (line: string) => void = console.log): Promise<number> {
  let parsed: ReturnType<typeof parseCheckArguments>;
  try {
    parsed = parseCheckArguments(args);
  } catch (error) {
    print(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (parsed.help) {
    print(USAGE);
    return 0;
  }

  if (parsed.install && !installCudaProviders(print)) return 1;
  if (parsed.devices.includes('cuda') || parsed.devices.includes('tensorrt')) {
    for (const line of cudaInstallInstructions()) print(line);
    print('');
  }

  const folder = await fs.mkdtemp(path.join(os.tmpdir(), 'multimax-check-gpu-'));
  try {
    const models = await loadCheckModels(folder);
    // Fallback warnings cannot occur (every device is requested explicitly); cache warnings go to the report's log.
    const report = await runDeviceCheck(models, parsed.devices, { warn: (message) => print(`warning: ${message}`) });
    print(formatReport(report));
    return report.passed ? 0 : 1;
  } finally {
    await fs.rm(folder, { recursive: true, force: true });
  }
}
