import type { Device } from './device.js';

export type DeviceErrorCode = 'unknown-device' | 'device-unavailable';

/**
 * Error for a device that is not a known name, or whose execution provider could not create or run
 * the session. The message names the cause and what to install; `cause` keeps onnxruntime's error.
 */
export class DeviceError extends Error {
  readonly code: DeviceErrorCode;
  readonly device: Device | undefined;

  constructor(code: DeviceErrorCode, message: string, options: { device?: Device; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'DeviceError';
    this.code = code;
    this.device = options.device;
  }
}
