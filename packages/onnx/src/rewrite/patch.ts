import { isIdentity, type ModulatorParams, type ParamsFile, type ParamsTarget, selectTarget, type TargetSelector } from '@multimax/core';

import { ModelError } from '../errors.js';
import { MIN_FUNCTION_OPSET, wrapInFunction } from '../emit/as-function.js';
import { emitMaskedRowZeroing } from '../emit/masked-rows.js';
import { emitModulator } from '../emit/modulator.js';
import type { ModelProto } from '../io/proto.js';
import { DataType } from '../io/proto.js';
import { dataTypeName, isFloatType } from '../ir/element-types.js';
import { NameGenerator } from '../ir/names.js';
import { opsetVersion } from '../ir/opset.js';
import { validateModel } from '../ir/validate.js';
import { findSoftmaxSites } from '../patterns/find-sites.js';
import type { SoftmaxSite } from '../patterns/site.js';
import { foldScale } from './fold-scale.js';
import { masksCanFullyMask } from './mask-bounds.js';
import { type PatchedSiteRecord, writePatchRecord } from './metadata.js';
import { removeModulators } from './unpatch.js';

/** The largest finite float32 value. */
const FLOAT32_MAX = 3.4028234663852886e38;

export type GuardMode = 'auto' | 'always' | 'never';

export interface PatchOptions {
  /** 'auto' guards only sites where a mask may arrive unrecognized; 'always' and 'never' force it. */
  guard?: GuardMode;
  /**
   * Restricts patching to the Softmax nodes matching one of these selectors (params-file selector
   * semantics); each still takes the params of its first matching target.
   */
  only?: TargetSelector[];
  /**
   * Emit each σ as a call of a model-local function (domain ai.multimax) instead of inline ops.
   * Needs default-domain opset 18 or newer and IR version 8 or newer.
   */
  asFunction?: boolean;
  /** Custom op domains to accept besides the ones onnxruntime knows. */
  allowDomains?: string[];
  /** Named in error messages. */
  source?: string;
  /** Called after each site is handled, for progress display. */
  onProgress?: (done: number, total: number) => void;
}

export type SiteAction = 'patch' | 'identity' | 'unmatched' | 'not-selected';

export interface PlannedSite {
  site: SoftmaxSite;
  action: SiteAction;
  target: ParamsTarget | undefined;
  params: ModulatorParams | undefined;
  guarded: boolean;
}

export interface PatchResult {
  plan: PlannedSite[];
  /** Modulators inserted by this call. */
  patched: number;
  /** Modulators of an earlier patch that were removed first. */
  replaced: number;
}

/** Decides, for each Softmax of the model, whether and with which params it gets a modulator. */
export function planPatch(model: ModelProto, params: ParamsFile, options: PatchOptions = {}): PlannedSite[] {
  const guardMode = options.guard ?? 'auto';
  // The selectors reuse selectTarget's matching through a params file whose params are never used.
  const filter = options.only === undefined ? undefined : { ...params, targets: options.only.map((select) => ({ select, params: { ranges: [0, 0], ts: [0, 0] } })) };

  return findSoftmaxSites(model).map((site) => {
    const softmax = { name: site.name, kind: site.kind, layer: site.layer };
    const target = selectTarget(params, softmax);
    const guarded = guardMode === 'always' || (guardMode === 'auto' && site.guarded);
    if (filter !== undefined && selectTarget(filter, softmax) === undefined) return { site, action: 'not-selected', target, params: undefined, guarded };
    if (target === undefined) return { site, action: 'unmatched', target, params: undefined, guarded };
    const action: SiteAction = isIdentity(target.params) ? 'identity' : 'patch';
    return { site, action, target, params: target.params, guarded };
  });
}

/**
 * Inserts σ in front of every Softmax the params select, on the scores branch before any mask, and
 * records the result in the model's metadata_props. Mutates `model`. Modulators of an earlier patch
 * are removed first, so patching is idempotent. Identity params insert nothing.
 */
export function patchModel(model: ModelProto, params: ParamsFile, options: PatchOptions = {}): PatchResult {
  validateModel(model, { allowDomains: options.allowDomains, source: options.source });
  if (options.asFunction) checkFunctionSupport(model, options.source);
  const replaced = removeModulators(model, options.source);
  const plan = planPatch(model, params, options);
  // Every name the patch adds starts with `multimax/`, so only such names need collecting.
  const names = new NameGenerator(model, { prefix: 'multimax/' });
  const records: PatchedSiteRecord[] = [];

  plan.forEach((planned, index) => {
    if (planned.action === 'patch' && planned.params !== undefined) {
      records.push(insertModulator(model, planned, planned.params, names, options));
    }
    options.onProgress?.(index + 1, plan.length);
  });

  writePatchRecord(model, records);
  return { plan, patched: records.length, replaced };
}

function insertModulator(model: ModelProto, planned: PlannedSite, params: ModulatorParams, names: NameGenerator, options: PatchOptions): PatchedSiteRecord {
  const { site } = planned;
  const source = options.source;
  if (site.opset < 7) {
    throw new ModelError('unsupported', `${site.op} node ${site.name}: opset ${site.opset} is older than 7, whose Add/Sub/Mul lack numpy broadcasting; convert the model to opset 7 or newer first`, { file: source });
  }
  if (planned.guarded && site.opset < 9) {
    throw new ModelError('unsupported', `${site.op} node ${site.name} needs the guarded modulator, which uses Where (opset 9+), but the model has opset ${site.opset}; convert the model to opset 9 or newer`, { file: source });
  }
  if (site.elementType === undefined || !isFloatType(site.elementType)) {
    throw new ModelError('invalid-graph', `${site.op} node ${site.name}: cannot tell the element type of its input ${JSON.stringify(site.insertion.value)} (found ${dataTypeName(site.elementType)}); add value_info for it, e.g. with onnx.shape_inference`, { file: source });
  }

  checkRepresentable(params, site.elementType, `${site.op} node ${site.name}`, source);
  const prefix = names.unique(`multimax/${site.name}`);
  // An inline σ from another tool is replaced: ours reads its input, and its nodes become dead.
  const scores = site.inline?.input ?? site.insertion.value;
  // The guarded form compares the scores with a threshold, so they must keep their scale there.
  const folding = planned.guarded ? { params, fold: undefined } : foldScale(site, scores, params, prefix, names);
  const emitted = emitModulator({ input: scores, elementType: site.elementType, params: folding.params, guarded: planned.guarded, prefix, opset: site.opset, names });

  const nodes = options.asFunction ? [wrapInFunction(model, emitted, scores, prefix, site.opset, names)] : emitted.nodes;
  site.graph.insertBefore(site.insertion.consumer, nodes);
  site.graph.setInput(site.insertion.consumer, site.insertion.inputIndex, emitted.output);
  site.graph.proto.initializer.push(...emitted.initializers);
  if (site.inline !== undefined) site.graph.removeNodes(new Set(site.inline.nodes));

  const probabilities = zeroMaskedRows(site, prefix, names);

  return {
    softmax: site.name,
    graph: site.graph.path,
    kind: site.kind,
    layer: site.layer,
    pattern: site.pattern,
    guarded: planned.guarded,
    input: scores,
    output: emitted.output,
    prefix,
    params,
    ...(probabilities ? { probabilities } : {}),
    ...(folding.fold ? { foldedScale: folding.fold } : {}),
  };
}

/**
 * Makes fully masked rows of a masked attention Softmax give zeros, as MultiMax defines them, where
 * the exported graph gives NaN (all −∞) or a uniform row (all float32 lowest).
 */
function zeroMaskedRows(site: SoftmaxSite, prefix: string, names: NameGenerator): { original: string; raw: string } | undefined {
  if (site.kind !== 'attention' || site.op !== 'Softmax' || !masksCanFullyMask(site)) return undefined;

  const original = site.node.output[0] ?? '';
  const inputType = site.pattern.endsWith('+cast') ? 1 : (site.elementType ?? 1);
  const emitted = emitMaskedRowZeroing({ softmax: site.node, axis: site.axis, coercesTo2d: site.opset < 13 && site.axis >= 0, elementType: inputType, prefix, opset: site.opset, names });
  site.graph.insertAfter(site.node, emitted.nodes);
  site.graph.proto.initializer.push(...emitted.initializers);
  return { original, raw: emitted.rawOutput };
}

function checkFunctionSupport(model: ModelProto, source?: string): void {
  const opset = opsetVersion(model) ?? 0;
  if (opset < MIN_FUNCTION_OPSET) {
    throw new ModelError('unsupported', `σ as a model-local function needs opset ${MIN_FUNCTION_OPSET} or newer, but the model has opset ${opset}; patch without the function option, or convert the model first`, { file: source });
  }
  if (model.irVersion < 8n) {
    throw new ModelError('unsupported', `σ as a model-local function needs IR version 8 or newer, but the model has IR version ${model.irVersion}; patch without the function option`, { file: source });
  }
}

/**
 * Rejects params the scores' element type cannot hold: a float32 constant above 3.4e38 becomes
 * Infinity and σ then gives NaN, and float16 holds at most 65504.
 */
function checkRepresentable(params: ModulatorParams, elementType: number, softmax: string, source?: string): void {
  const limit = elementType === DataType.FLOAT16 || elementType === DataType.BFLOAT16 ? 65504 : elementType === DataType.DOUBLE ? Number.MAX_VALUE : FLOAT32_MAX;
  const fields: [string, number | undefined][] = [
    ...params.ranges.map((value, index): [string, number] => [`ranges[${index}]`, value]),
    ...params.ts.map((value, index): [string, number] => [`ts[${index}]`, value]),
    ['scale', params.scale],
    ['bias', params.bias],
  ];
  const overflowing = fields.filter(([, value]) => value !== undefined && !(Math.abs(value) <= limit));
  if (overflowing.length > 0) {
    const list = overflowing.map(([field, value]) => `${field} = ${value}`).join(', ');
    throw new ModelError('params', `params for ${softmax}: ${list} cannot be represented in ${dataTypeName(elementType)} (max ${limit}) and would give Infinity or NaN; use smaller values`, { file: source });
  }
}
