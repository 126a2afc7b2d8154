import { env } from 'onnxruntime-node';

import { errorMessage } from '../error-message.js';
import type { Device } from './device.js';
import { DeviceError } from './device-error.js';
import { hasBackend, missingProviderLibraries, onnxruntimeBinaryFolder } from './provider-libraries.js';

/** The command that downloads onnxruntime-node's CUDA and TensorRT provider libraries. */
export const CUDA_INSTALL_COMMAND = 'ONNXRUNTIME_NODE_INSTALL=cuda12 npm rebuild onnxruntime-node';

/** SwiftShader's Vulkan driver manifest in Debian's chromium package: a software WebGPU adapter for machines without a GPU. */
export const SWIFTSHADER_ICD_PATH = '/usr/lib/chromium/vk_swiftshader_icd.json';

/** Wraps a session creation error of a device in a DeviceError whose message names what to install. */
export function unavailableDeviceError(device: Device, cause: unknown): DeviceError {
  const reason = conciseReason(cause);
  return new DeviceError('device-unavailable', `device '${device}' is unavailable: ${reason}. ${installHint(device, reason)}`, { device, cause });
}

/** Wraps the error of a verification run in a DeviceError: the provider loaded, but cannot run this model. */
export function failedRunError(device: Device, cause: unknown): DeviceError {
  return new DeviceError('device-unavailable', `device '${device}' failed the verification run: ${conciseReason(cause)}.`, { device, cause });
}

/** Describes what to install so that the device's execution provider loads, for the platform this runs on. */
function installHint(device: Device, reason: string): string {
  if (!hasBackend(device)) {
    return `onnxruntime-node ${env.versions.node ?? ''} has no ${device} execution provider for ${process.platform}/${process.arch}; use device 'auto' or another device.`;
  }

  switch (device) {
    case 'cuda':
    case 'tensorrt':
      return `${providerLibrariesStatus(device)} ${cudaInstallSteps(device)}`;
    case 'webgpu':
      if (!/adapter/i.test(reason)) return 'WebGPU found an adapter, but onnxruntime could not create the session for this model on it; see the cause.';
      return (
        'WebGPU needs a Vulkan (Linux), Direct3D 12 (Windows) or Metal (macOS) driver. On Linux, install the Vulkan loader (libvulkan.so.1) and a GPU driver; ' +
        `on a machine without a GPU, Debian's chromium package ships the SwiftShader software driver: set VK_ICD_FILENAMES=${SWIFTSHADER_ICD_PATH}, ` +
        'and LD_LIBRARY_PATH=/usr/lib/chromium when no system libvulkan.so.1 is installed.'
      );
    case 'cpu':
      return 'The CPU execution provider is always installed, so the model itself could not be loaded or run; see the cause.';
  }
}

/**
 * Shortens onnxruntime's failed checks, which read "<source file>:<line> <function> <condition> was
 * false. <message>", to the message, which alone describes the failure. `cause` keeps the whole text.
 */
function conciseReason(cause: unknown): string {
  return errorMessage(cause).replace(/^[\s\S]*? was false\. /, '').trim().replace(/\.$/, '');
}

function providerLibrariesStatus(device: Device): string {
  const missing = missingProviderLibraries(device);
  if (missing.length === 0) {
    return "onnxruntime-node's provider libraries are installed, so a library they need (CUDA, cuDNN or TensorRT) is missing or no GPU is usable; onnxruntime's error log names the library.";
  }
  return `${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing from ${onnxruntimeBinaryFolder()}.`;
}

function cudaInstallSteps(device: Device): string {
  const tensorrt = device === 'tensorrt' ? ', and TensorRT (libnvinfer) for the TensorRT provider' : '';
  return (
    `Install the CUDA build of onnxruntime-node with \`${CUDA_INSTALL_COMMAND}\` (or run \`npm install\` with ONNXRUNTIME_NODE_INSTALL=cuda12 set; ` +
    'npm 11 runs the download script only after `npm install-scripts approve onnxruntime-node`). ' +
    `It needs an NVIDIA driver, CUDA 12 and cuDNN 9 with their libraries on the library path${tensorrt}.`
  );
}
