// @multimax/runtime-node: MultiMax sessions for onnxruntime-node, patched in memory and run on
// CUDA, TensorRT, WebGPU or CPU.
export { type CreateSessionOptions, createSession, type MultiMaxSession } from './create-session.js';

export { defaultCacheFolder } from './cache/cache-folder.js';
export type { CacheOption, CacheStatus } from './cache/prepare-with-cache.js';
export { AUTO_ORDER, DEVICES, type Device, type DeviceRequest } from './devices/device.js';
export { DeviceError, type DeviceErrorCode } from './devices/device-error.js';
export { PROVIDER_NAMES } from './devices/execution-providers.js';
export { CUDA_INSTALL_COMMAND, SWIFTSHADER_ICD_PATH } from './devices/install-hints.js';
export type { DeviceFallback } from './devices/open-session.js';
export type { Logger } from './logger.js';
export { EXTERNAL_INITIALIZERS_FOLDER_KEY } from './model/external-data.js';
export type { ParamsInput } from './model/params.js';
export type { PatchSummary, SoftmaxSummary } from './patching/patch-summary.js';
export type { ProbeOutput, ProbeRequest } from './patching/probes.js';
export type { NodePlacement } from './placement/node-placement.js';
