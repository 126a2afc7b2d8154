import type { InferenceSession } from 'onnxruntime-node';

import type { Device } from './device.js';

/**
 * onnxruntime's internal name of each device's execution provider, as profiles and logs print it.
 * TensorRT sessions also register CUDA, which takes the nodes TensorRT cannot compile.
 */
export const PROVIDER_NAMES: Readonly<Record<Device, string>> = {
  cuda: 'CUDAExecutionProvider',
  tensorrt: 'TensorrtExecutionProvider',
  webgpu: 'WebGpuExecutionProvider',
  cpu: 'CPUExecutionProvider',
};

/**
 * The `executionProviders` session option for a device. onnxruntime always adds its CPU provider
 * for nodes the listed providers do not support, so CPU is never listed explicitly.
 */
export function executionProvidersFor(device: Device, deviceId?: number): InferenceSession.ExecutionProviderConfig[] {
  switch (device) {
    case 'cuda':
      return [deviceId === undefined ? { name: 'cuda' } : { name: 'cuda', deviceId }];
    case 'tensorrt':
      return deviceId === undefined ? [{ name: 'tensorrt' }, { name: 'cuda' }] : [{ name: 'tensorrt', deviceId }, { name: 'cuda', deviceId }];
    case 'webgpu':
      return [{ name: 'webgpu' }];
    case 'cpu':
      return [{ name: 'cpu' }];
  }
}
