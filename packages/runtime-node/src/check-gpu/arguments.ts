import { parseArgs } from 'node:util';

import type { Device } from '../devices/device.js';

const CHECKED_DEVICES: readonly Device[] = ['cuda', 'tensorrt', 'webgpu'];

export interface CheckArguments {
  devices: Device[];
  install: boolean;
  help: boolean;
}

export const USAGE = `Usage: npm run check:gpu -w @multimax/runtime-node -- [--devices cuda,tensorrt,webgpu] [--install]

Runs PP-OCRv4 and the @multimax/testing fixtures, patched with MultiMax, on each device and on cpu,
and prints the max abs difference of their outputs. Exits with 1 when a device is missing, fails,
or differs from cpu by more than 1e-4.

  --devices LIST  comma-separated devices to check (default: cuda,tensorrt,webgpu)
  --install       download onnxruntime-node's CUDA and TensorRT providers first
                  (npm rebuild onnxruntime-node with ONNXRUNTIME_NODE_INSTALL=cuda12)
  --help          print this text`;

/** Parses the command line; an unknown option or device raises an Error with the usage hint. */
export function parseCheckArguments(args: readonly string[]): CheckArguments {
  const { values } = parseArgs({
    args: [...args],
    options: {
      devices: { type: 'string', default: CHECKED_DEVICES.join(',') },
      install: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });

  const devices = (values.devices ?? '').split(',').map((name) => name.trim()).filter((name) => name !== '');
  const unknown = devices.filter((name) => !(CHECKED_DEVICES as readonly string[]).includes(name));
  if (unknown.length > 0 || devices.length === 0) {
    throw new Error(`invalid --devices ${JSON.stringify(values.devices)}; expected a comma-separated list of ${CHECKED_DEVICES.join(', ')}`);
  }
  return { devices: devices as Device[], install: values.install ?? false, help: values.help ?? false };
}
