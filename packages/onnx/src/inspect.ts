import type { ModulatorParams } from '@multimax/core';

import type { ModelProto } from './io/proto.js';
import { dataTypeName } from './ir/element-types.js';
import { findSoftmaxSites } from './patterns/find-sites.js';
import type { SoftmaxKind } from './patterns/site.js';
import { readPatchRecord } from './rewrite/metadata.js';
import { removeModulators } from './rewrite/unpatch.js';
import { decodeModel, encodeModel } from './io/codec.js';

/** One Softmax of a model as `multimax inspect` reports it; plain data, ready for JSON. */
export interface SoftmaxReport {
  index: number;
  name: string;
  op: 'Softmax' | 'LogSoftmax';
  graph: string;
  axis: number;
  opset: number;
  kind: SoftmaxKind;
  layer: number;
  pattern: string;
  guarded: boolean;
  elementType: string;
  /** The value σ goes on (or went on, for a patched model). */
  scores: string;
  feedingOps: string[];
  consumingOps: string[];
  /** Params of the MultiMax modulator already in the model, if any. */
  multimax: ModulatorParams | undefined;
  /** Where those params come from: a modulator this tool inserted, or one written inline by another tool. */
  multimaxSource: 'patch' | 'inline' | undefined;
}

export interface ModelReport {
  irVersion: number;
  opsets: Record<string, number>;
  producer: string;
  softmax: SoftmaxReport[];
  patchedBy: string | undefined;
}

/**
 * Describes every Softmax of the model. A patched model is reported as it was before patching,
 * with the params of its modulators, so the kinds, layers and patterns line up with the original.
 */
export function inspectModel(model: ModelProto, source?: string): ModelReport {
  const record = readPatchRecord(model, source);
  let original = model;
  if (record !== undefined) {
    // Work on a copy, so inspecting never changes the caller's model.
    original = decodeModel(encodeModel(model), source);
    removeModulators(original, source);
  }

  const softmax = findSoftmaxSites(original).map((site, index): SoftmaxReport => ({
    index,
    name: site.name,
    op: site.op,
    graph: site.graph.path,
    axis: site.axis,
    opset: site.opset,
    kind: site.kind,
    layer: site.layer,
    pattern: site.pattern,
    guarded: site.guarded,
    elementType: dataTypeName(site.elementType),
    scores: site.inline?.input ?? site.insertion.value,
    feedingOps: site.feedingOps,
    consumingOps: site.consumingOps,
    ...describeModulator(record?.sites.find((patched) => patched.softmax === site.name)?.params, site.inline?.params),
  }));

  return {
    irVersion: Number(model.irVersion),
    opsets: Object.fromEntries(model.opsetImport.map((opset) => [opset.domain === '' ? 'ai.onnx' : opset.domain, Number(opset.version)])),
    producer: [model.producerName, model.producerVersion].filter((part) => part !== '').join(' '),
    softmax,
    patchedBy: record?.tool,
  };
}

function describeModulator(patched: ModulatorParams | undefined, inline: ModulatorParams | undefined): Pick<SoftmaxReport, 'multimax' | 'multimaxSource'> {
  if (patched !== undefined) return { multimax: patched, multimaxSource: 'patch' };
  if (inline !== undefined) return { multimax: inline, multimaxSource: 'inline' };
  return { multimax: undefined, multimaxSource: undefined };
}
