import type { ModelProto } from '../io/proto.js';

/** The opset version the model imports for `domain` ('' and 'ai.onnx' are the default domain), or undefined. */
export function opsetVersion(model: ModelProto, domain = ''): number | undefined {
  const requested = domain === 'ai.onnx' ? '' : domain;
  const entry = model.opsetImport.find((opset) => (opset.domain === 'ai.onnx' ? '' : opset.domain) === requested);
  return entry === undefined ? undefined : Number(entry.version);
}
