// Prints {"available": boolean, "description": string} for WebGPU in the test's headless Chromium.
// The browser test runs it synchronously before it defines its tests, so that it can skip the
// WebGPU case with the reason. Arguments: the Chromium path, then the Chromium flags as JSON.
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { chromium } from 'playwright-core';

const [executablePath, argsJson] = process.argv.slice(2);
const profile = await mkdtemp(join(tmpdir(), 'multimax-transformers-webgpu-probe-'));
// navigator.gpu exists only in secure contexts, which http://127.0.0.1 is.
const server = createServer((_request, response) => response.end('<!doctype html><title>probe</title>'));
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));

let result;
try {
  const context = await chromium.launchPersistentContext(profile, { executablePath, headless: true, args: JSON.parse(argsJson) });
  try {
    const page = await context.newPage();
    await page.goto(`http://127.0.0.1:${server.address().port}/`);
    result = await page.evaluate(async () => {
      if (!('gpu' in navigator)) return { available: false, description: 'navigator.gpu is undefined' };
      const adapter = await navigator.gpu.requestAdapter();
      if (adapter === null) return { available: false, description: 'navigator.gpu.requestAdapter() returned null' };
      return { available: true, description: `${adapter.info?.vendor ?? '?'} ${adapter.info?.architecture ?? '?'}` };
    });
  } finally {
    await context.close();
  }
} catch (error) {
  result = { available: false, description: `Chromium failed to start: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}` };
} finally {
  server.close();
  await rm(profile, { recursive: true, force: true });
}
process.stdout.write(JSON.stringify(result));
