import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

import { listSupportedBackends } from 'onnxruntime-node';

import type { Device } from './device.js';

const require = createRequire(import.meta.url);

/**
 * Provider libraries that onnxruntime-node 1.30.0 does not bundle on Linux x64: its install script
 * downloads them (from the Microsoft.ML.OnnxRuntime.Gpu.Linux NuGet package) when
 * ONNXRUNTIME_NODE_INSTALL=cuda12 is set.
 */
const DOWNLOADED_LIBRARIES: Partial<Record<Device, readonly string[]>> = {
  cuda: ['libonnxruntime_providers_shared.so', 'libonnxruntime_providers_cuda.so'],
  tensorrt: ['libonnxruntime_providers_shared.so', 'libonnxruntime_providers_tensorrt.so', 'libonnxruntime_providers_cuda.so'],
};

/** Folder of the installed onnxruntime-node package. */
export function onnxruntimePackageFolder(): string {
  return path.dirname(require.resolve('onnxruntime-node/package.json'));
}

/** Folder of onnxruntime-node's native binding and libraries for this platform. */
export function onnxruntimeBinaryFolder(): string {
  return path.join(onnxruntimePackageFolder(), 'bin', 'napi-v6', process.platform, process.arch);
}

/** Whether this onnxruntime-node build has a backend for the device at all, installed or not. */
export function hasBackend(device: Device): boolean {
  return listSupportedBackends().some((backend) => backend.name === device);
}

/** The device's provider libraries missing from the binary folder; empty where none are downloaded separately. */
export function missingProviderLibraries(device: Device): string[] {
  if (process.platform !== 'linux') return [];
  const folder = onnxruntimeBinaryFolder();
  return (DOWNLOADED_LIBRARIES[device] ?? []).filter((library) => !existsSync(path.join(folder, library)));
}
