import { allFixtures, type Fixture, toOrtFeeds, writeFixture } from '@multimax/testing';
import type { Tensor } from 'onnxruntime-node';

import { maxAbsDifference } from '../src/check-gpu/compare-outputs.js';
import { knownLimitationOf } from '../src/check-gpu/known-limitations.js';
import { ocrFeeds, ocrModelPath } from '../src/check-gpu/ocr-model.js';
import { createSession, type Device } from '../src/index.js';
import { SPARSE_PARAMS } from './support/params.js';
import { runOnce } from './support/run.js';
import { useTemporaryFolder } from './support/temporary-folder.js';
import { shortReason, webGpuSupport } from './support/webgpu.js';

const TOLERANCE = 1e-4;
const webgpu = webGpuSupport();
const describeWebGpu = webgpu.adapter ? describe : describe.skip;
if (!webgpu.adapter) console.warn(`WebGPU parity tests skipped: no WebGPU adapter (${shortReason(webgpu.reason)})`);

/**
 * Fixtures that fail on onnxruntime-node 1.30.0's WebGPU provider before any patching, with the
 * reason. A test below checks that the unpatched model fails the same way.
 */
const WEBGPU_FAILS_UNPATCHED: Record<string, string> = {
  'softmax9-axis1': "onnxruntime's WebGPU Softmax rejects an opset 9 Softmax over axis 1 of [3, 12, 6] scores",
};
const FLOAT16_FIXTURES = new Set(['fp16-cast']);

/** Max abs difference per model, printed after the suite for the record. */
const differences = new Map<string, number>();

async function runPatched(model: string | Uint8Array, device: Device, feeds: () => Record<string, Tensor>): Promise<Record<string, Tensor>> {
  return runOnce(await createSession(model, { params: SPARSE_PARAMS, device }), feeds());
}

describeWebGpu(`patched models on webgpu match cpu within ${TOLERANCE}${webgpu.adapter ? '' : ' (skipped: no WebGPU adapter)'}`, () => {
  const temporaryFolder = useTemporaryFolder('parity');

  afterAll(() => {
    const lines = [...differences].map(([name, difference]) => `  ${name}: ${difference.toExponential(2)}`);
    console.log(`max abs difference cpu vs webgpu:\n${lines.join('\n')}`);
  });

  it('PP-OCRv4 recognizer', async () => {
    const cpu = await runPatched(ocrModelPath(), 'cpu', () => ocrFeeds());
    const gpu = await runPatched(ocrModelPath(), 'webgpu', () => ocrFeeds());

    const difference = maxAbsDifference(cpu, gpu);
    differences.set('PP-OCRv4 rec', difference);
    expect(difference).toBeLessThanOrEqual(TOLERANCE);
  });

  const fixtures = allFixtures();
  const runnable = (fixture: Fixture) => !(fixture.name in WEBGPU_FAILS_UNPATCHED) && (webgpu.shaderF16 || !FLOAT16_FIXTURES.has(fixture.name));

  it.each(fixtures.filter(runnable).map((fixture) => [fixture.name, fixture] as const))('fixture %s', async (name, fixture) => {
    const model = fixture.externalData === undefined ? fixture.bytes : await writeFixture(fixture, temporaryFolder());
    const feeds = () => toOrtFeeds(fixture.inputs(1));
    const cpu = await runPatched(model, 'cpu', feeds);
    const gpu = await runPatched(model, 'webgpu', feeds);

    const difference = maxAbsDifference(cpu, gpu);
    differences.set(name, difference);
    expect(difference).toBeLessThanOrEqual(TOLERANCE);
  });

  // Runs only where the adapter lacks shader-f16; elsewhere fp16-cast is among the parity tests above.
  (webgpu.shaderF16 ? it.skip : it)('fixture fp16-cast: parity skipped, the adapter has no shader-f16 (SwiftShader has none)', async () => {
    const fixture = fixtures.find((candidate) => candidate.name === 'fp16-cast');
    if (fixture === undefined) throw new Error('fixture fp16-cast not found');

    const opened = await createSession(fixture.bytes, { params: SPARSE_PARAMS, device: 'webgpu' });
    const error = await runOnce(opened, toOrtFeeds(fixture.inputs(1))).then(() => undefined, (caught: unknown) => caught);

    expect(knownLimitationOf(error)).toBe('the WebGPU adapter lacks shader-f16, which float16 kernels need');
  });

  it.each(Object.entries(WEBGPU_FAILS_UNPATCHED))('fixture %s fails unpatched too, so its parity is skipped: %s', async (name) => {
    const fixture = fixtures.find((candidate) => candidate.name === name);
    if (fixture === undefined) throw new Error(`fixture ${name} not found`);

    // Identity params insert nothing, so this session runs the original graph.
    const opened = await createSession(fixture.bytes, { params: { ranges: [0, 0], ts: [0, 0] }, device: 'webgpu' });
    const error = await runOnce(opened, toOrtFeeds(fixture.inputs(1))).then(() => undefined, (caught: unknown) => caught);

    expect(opened.patch.patched).toBe(0);
    expect(knownLimitationOf(error)).toBe("onnxruntime's WebGPU Softmax rejects this shape for an opset < 13 Softmax over axis 1");
  });
});
