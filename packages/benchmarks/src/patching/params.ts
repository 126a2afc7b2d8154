import { type ParamsFile, uniformParamsFile } from '@multimax/core';

/** First-order params for every attention Softmax, the ones the patching benchmark applies. */
export function patchingParams(): ParamsFile {
  return uniformParamsFile({ ranges: [-1, 1], ts: [-0.6, 0.3] });
}
