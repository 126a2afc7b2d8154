import { DeviceError } from './device-error.js';

/** Devices a session can run on, each backed by one onnxruntime-node execution provider. */
export const DEVICES = ['cuda', 'tensorrt', 'webgpu', 'cpu'] as const;

export type Device = (typeof DEVICES)[number];

/** A device, or 'auto' for the first device of AUTO_ORDER that loads. */
export type DeviceRequest = Device | 'auto';

/**
 * The devices 'auto' tries, in order. TensorRT is left out: it needs TensorRT's own libraries on top
 * of CUDA, and it builds an engine for the model when the session is created, which can take minutes.
 */
export const AUTO_ORDER: readonly Device[] = ['cuda', 'webgpu', 'cpu'];

/** Validates `options.device`; an unknown name raises DeviceError('unknown-device') listing the valid ones. */
export function parseDeviceRequest(value: unknown): DeviceRequest {
  if (value === 'auto' || (typeof value === 'string' && (DEVICES as readonly string[]).includes(value))) return value as DeviceRequest;

  const valid = ['auto', ...DEVICES].map((name) => `'${name}'`).join(', ');
  throw new DeviceError('unknown-device', `unknown device ${JSON.stringify(value)}; expected one of ${valid}`);
}

/** The devices to try for a request, in order. */
export function candidateDevices(request: DeviceRequest): readonly Device[] {
  return request === 'auto' ? AUTO_ORDER : [request];
}
