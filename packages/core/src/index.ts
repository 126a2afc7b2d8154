export {
  DEFAULT_MODE_MIN_PROBABILITY,
  DEFAULT_SPARSITY_THRESHOLD,
  countModes,
  entropy,
  sparsity,
  summarizeRows,
} from './analysis.js';
export { paperToReference, referenceToPaper } from './convert.js';
export { FP16_MAX, fp16SafeInputRange } from './fp16.js';
export { FLOAT32_LOWEST, isMaskedValue, modulate, multimax, multimaxLastAxis, softmax } from './math.js';
export { normalizeParams } from './normalize.js';
export {
  type AnyParams,
  isIdentity,
  type ModulatorParams,
  order,
  type PaperParams,
  ParamsValidationError,
  type ValidationIssue,
} from './params.js';
export {
  type ParamsFile,
  type ParamsTarget,
  parseParamsFile,
  type SoftmaxKind,
  selectTarget,
  serializeParamsFile,
  type TargetSelector,
  uniformParamsFile,
} from './params-file.js';
export { entmax15, sparsemax } from './sparse.js';
