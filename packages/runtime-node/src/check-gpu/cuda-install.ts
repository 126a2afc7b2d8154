import { spawnSync } from 'node:child_process';
import path from 'node:path';

import { CUDA_INSTALL_COMMAND } from '../devices/install-hints.js';
import { missingProviderLibraries, onnxruntimeBinaryFolder, onnxruntimePackageFolder } from '../devices/provider-libraries.js';

/** Describes how to install onnxruntime-node's CUDA and TensorRT providers, and whether they are installed now. */
export function cudaInstallInstructions(): string[] {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    return [`onnxruntime-node 1.30.0 ships CUDA and TensorRT providers for Linux x64 only; this machine is ${process.platform}/${process.arch}.`];
  }

  const missing = missingProviderLibraries('tensorrt');
  const status = missing.length === 0 ? `The CUDA and TensorRT provider libraries are installed in ${onnxruntimeBinaryFolder()}.` : `Missing from ${onnxruntimeBinaryFolder()}: ${missing.join(', ')}.`;
  return [
    status,
    'To install them, run at the repository root (npm 11 runs the download script only after `npm install-scripts approve onnxruntime-node`):',
    `  ${CUDA_INSTALL_COMMAND}`,
    'or pass --install to this check. The providers need an NVIDIA driver, CUDA 12 and cuDNN 9 on the library path, and TensorRT (libnvinfer) for the TensorRT provider.',
  ];
}

/**
 * Runs `npm rebuild onnxruntime-node` with ONNXRUNTIME_NODE_INSTALL=cuda12 in the folder that contains
 * node_modules/onnxruntime-node, which makes its install script download the provider libraries from
 * NuGet. Returns whether the libraries are present afterwards.
 */
export function installCudaProviders(print: (line: string) => void): boolean {
  const projectFolder = path.dirname(path.dirname(onnxruntimePackageFolder()));
  print(`Running \`${CUDA_INSTALL_COMMAND}\` in ${projectFolder}`);
  const result = spawnSync('npm', ['rebuild', 'onnxruntime-node', '--foreground-scripts'], {
    cwd: projectFolder,
    env: { ...process.env, ONNXRUNTIME_NODE_INSTALL: 'cuda12' },
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  if (result.error !== undefined) print(`npm could not be started: ${result.error.message}`);

  const missing = missingProviderLibraries('tensorrt');
  if (missing.length === 0) return true;
  print(`Still missing after the rebuild: ${missing.join(', ')}. If npm skipped the install script, run \`npm install-scripts approve onnxruntime-node\` and try again.`);
  return false;
}
