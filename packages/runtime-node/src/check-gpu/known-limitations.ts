import { errorMessage } from '../error-message.js';

/**
 * onnxruntime-node 1.30.0 WebGPU failures that do not depend on MultiMax: the unpatched model fails
 * the same way (the runtime-node tests check it). The GPU check reports them as skipped.
 */
const KNOWN_LIMITATIONS: ReadonlyArray<{ pattern: RegExp; reason: string }> = [
  {
    pattern: /requires f16 but the device does not support it/,
    reason: 'the WebGPU adapter lacks shader-f16, which float16 kernels need',
  },
  {
    pattern: /Cannot reduce shape \{[\d,]*\} by component=\d+/,
    reason: "onnxruntime's WebGPU Softmax rejects this shape for an opset < 13 Softmax over axis 1",
  },
];

/** Returns the reason a failure is a known onnxruntime limitation, or undefined for any other failure. */
export function knownLimitationOf(error: unknown): string | undefined {
  const message = errorMessage(error);
  return KNOWN_LIMITATIONS.find(({ pattern }) => pattern.test(message))?.reason;
}
