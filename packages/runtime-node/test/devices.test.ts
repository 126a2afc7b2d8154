import { buildFp16Cast, buildVitNoMask, toOrtFeeds } from '@multimax/testing';

import { missingProviderLibraries } from '../src/devices/provider-libraries.js';
import { createSession, DeviceError } from '../src/index.js';
import { recordingLogger, SPARSE_PARAMS } from './support/params.js';
import { runOnce } from './support/run.js';
import { shortReason, webGpuSupport } from './support/webgpu.js';

const vit = buildVitNoMask();
const webgpu = webGpuSupport();
const cudaMissing = missingProviderLibraries('cuda').length > 0;
const tensorrtMissing = missingProviderLibraries('tensorrt').length > 0;

// The CUDA tests need a machine where onnxruntime-node's CUDA provider is not installed, as here.
const itWithoutCuda = cudaMissing ? it : it.skip;
const itWithoutTensorrt = tensorrtMissing ? it : it.skip;

async function captureError(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the promise to reject');
}

describe('createSession device option', () => {
  it('rejects an unknown device, listing valid ones', async () => {
    const error = await captureError(createSession(vit.bytes, { params: SPARSE_PARAMS, device: 'gpu' as never }));

    expect(error).toBeInstanceOf(DeviceError);
    expect((error as DeviceError).code).toBe('unknown-device');
    expect(error.message).toBe(`unknown device "gpu"; expected one of 'auto', 'cuda', 'tensorrt', 'webgpu', 'cpu'`);
  });

  it('rejects executionProviders in sessionOptions', async () => {
    const promise = createSession(vit.bytes, { params: SPARSE_PARAMS, sessionOptions: { executionProviders: ['cpu'] } });

    await expect(promise).rejects.toThrow('sessionOptions.executionProviders is set from options.device');
  });

  it('runs on cpu when asked, without fallbacks', async () => {
    const opened = await createSession(vit.bytes, { params: SPARSE_PARAMS, device: 'cpu' });
    const outputs = await runOnce(opened, toOrtFeeds(vit.inputs(1)));

    expect(opened.device).toBe('cpu');
    expect(opened.fallbacks).toEqual([]);
    expect(opened.patch.patched).toBe(1);
    expect(Object.keys(outputs)).toEqual(['last_hidden_state']);
  });

  itWithoutCuda('explains an explicit cuda failure and what to install', async () => {
    const logger = recordingLogger();
    const error = await captureError(createSession(vit.bytes, { params: SPARSE_PARAMS, device: 'cuda', logger }));

    expect(error).toBeInstanceOf(DeviceError);
    expect((error as DeviceError).code).toBe('device-unavailable');
    expect((error as DeviceError).device).toBe('cuda');
    expect(error.message).toContain("device 'cuda' is unavailable: OrtSessionOptionsAppendExecutionProvider_Cuda: Failed to load shared library.");
    expect(error.message).toContain('libonnxruntime_providers_cuda.so');
    expect(error.message).toContain('ONNXRUNTIME_NODE_INSTALL=cuda12 npm rebuild onnxruntime-node');
    expect(error.message).toContain('CUDA 12 and cuDNN 9');
    expect((error.cause as Error).message).toContain('Failed to load shared library');
    expect(logger.messages).toEqual([]);
  });

  itWithoutTensorrt('explains an explicit tensorrt failure and what to install', async () => {
    const error = await captureError(createSession(vit.bytes, { params: SPARSE_PARAMS, device: 'tensorrt' }));

    expect((error as DeviceError).device).toBe('tensorrt');
    expect(error.message).toContain('OrtSessionOptionsAppendExecutionProvider_TensorRT: Failed to load shared library.');
    expect(error.message).toContain('TensorRT (libnvinfer)');
  });

  itWithoutCuda(`'auto' falls back from cuda to ${webgpu.adapter ? 'webgpu' : 'cpu'} and says why`, async () => {
    const logger = recordingLogger();
    const opened = await createSession(vit.bytes, { params: SPARSE_PARAMS, logger });
    const outputs = await runOnce(opened, toOrtFeeds(vit.inputs(1)));

    const expectedFallbacks = webgpu.adapter ? ['cuda'] : ['cuda', 'webgpu'];
    expect(opened.device).toBe(webgpu.adapter ? 'webgpu' : 'cpu');
    expect(opened.fallbacks.map((fallback) => fallback.device)).toEqual(expectedFallbacks);
    expect(opened.fallbacks[0]?.error.message).toContain('Failed to load shared library');
    expect(logger.messages).toHaveLength(expectedFallbacks.length);
    expect(logger.messages[0]).toContain("device 'cuda' is unavailable");
    expect(logger.messages[0]).toContain("Trying device 'webgpu' instead.");
    if (!webgpu.adapter) {
      expect(logger.messages[1]).toContain("device 'webgpu' is unavailable: Failed to get a WebGPU adapter");
      expect(logger.messages[1]).toContain('VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json');
      expect(logger.messages[1]).toContain("Trying device 'cpu' instead.");
    }
    expect(outputs.last_hidden_state?.dims).toEqual([2, 5, 32]);
  });
});

describe('createSession verify option', () => {
  it('reports every node on CPUExecutionProvider for cpu', async () => {
    const opened = await createSession(vit.bytes, { params: SPARSE_PARAMS, device: 'cpu', verify: { feeds: toOrtFeeds(vit.inputs(1)) } });
    await opened.session.release();

    expect(Object.keys(opened.placement?.nodesByProvider ?? {})).toEqual(['CPUExecutionProvider']);
    expect(opened.placement?.nodesByProvider.CPUExecutionProvider).toBeGreaterThan(10);
    expect(opened.placement?.cpuOpTypes).toContain('Softmax');
  });

  it('rejects verify together with enableProfiling', async () => {
    const promise = createSession(vit.bytes, { params: SPARSE_PARAMS, device: 'cpu', verify: { feeds: {} }, sessionOptions: { enableProfiling: true } });

    await expect(promise).rejects.toThrow('options.verify profiles its run');
  });
});

const describeWebGpu = webgpu.adapter ? describe : describe.skip;
if (!webgpu.adapter) console.warn(`WebGPU device tests skipped: no WebGPU adapter (${shortReason(webgpu.reason)})`);

describeWebGpu(`createSession on webgpu${webgpu.adapter ? '' : ' (skipped: no WebGPU adapter)'}`, () => {
  it('runs the attention and the modulator on WebGpuExecutionProvider', async () => {
    const opened = await createSession(vit.bytes, { params: SPARSE_PARAMS, device: 'webgpu', verify: { feeds: toOrtFeeds(vit.inputs(1)) } });
    await opened.session.release();

    const placement = opened.placement;
    expect(opened.device).toBe('webgpu');
    expect(placement?.nodesByProvider.WebGpuExecutionProvider).toBeGreaterThan(10);
    expect(placement?.cpuOpTypes).not.toContain('Softmax');
    expect(placement?.cpuOpTypes).not.toContain('MatMul');
    expect(placement?.cpuOpTypes).not.toContain('Relu');
  });

  (webgpu.shaderF16 ? it.skip : it)(`'auto' with verify moves on when the adapter cannot run float16 kernels${webgpu.shaderF16 ? ' (skipped: this adapter has shader-f16)' : ''}`, async () => {
    const fixture = buildFp16Cast();
    const logger = recordingLogger();
    const opened = await createSession(fixture.bytes, { params: SPARSE_PARAMS, logger, verify: { feeds: toOrtFeeds(fixture.inputs(1)) } });
    await opened.session.release();

    expect(opened.device).toBe('cpu');
    expect(opened.fallbacks.map((fallback) => fallback.device)).toEqual(cudaMissing ? ['cuda', 'webgpu'] : ['webgpu']);
    expect(opened.fallbacks.at(-1)?.error.message).toContain("device 'webgpu' failed the verification run:");
    expect(opened.fallbacks.at(-1)?.error.message).toContain('requires f16 but the device does not support it');
  });
});
