// Browser-safe entry of @multimax/onnx: decode, inspect, patch and encode models held in memory.
// File IO lives in `@multimax/onnx/node`.
export { ModelError, type ModelErrorCode } from './errors.js';
export { decodeModel, encodeModel } from './io/codec.js';
export { type ExternalDataReference, listExternalData } from './io/external-data.js';
export type { GraphProto, ModelProto, NodeProto, TensorProto, ValueInfoProto } from './io/proto.js';
export { DataType } from './io/proto.js';
export { dataTypeName, inferElementTypes } from './ir/element-types.js';
export { Graph, walkGraphs } from './ir/graph.js';
export { NameGenerator } from './ir/names.js';
export { opsetVersion } from './ir/opset.js';
export { type ModelReport, type SoftmaxReport, inspectModel } from './inspect.js';
export { findSoftmaxSites } from './patterns/find-sites.js';
export type { InsertionPoint, SitePattern, SoftmaxKind, SoftmaxSite } from './patterns/site.js';
export { METADATA_KEY, type PatchedSiteRecord, type PatchRecord, readPatchRecord } from './rewrite/metadata.js';
export { type GuardMode, type PatchOptions, type PatchResult, type PlannedSite, patchModel, planPatch, type SiteAction } from './rewrite/patch.js';
export { exposeValues } from './rewrite/probes.js';
export { removeModulators } from './rewrite/unpatch.js';
export { float32ToFloat16Bits } from './emit/constants.js';
export { GUARD_THRESHOLD } from './emit/modulator.js';
export { PACKAGE_VERSION } from './version.js';
