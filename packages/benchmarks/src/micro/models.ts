import type { ModulatorParams, ParamsFile } from '@multimax/core';
import { decodeModel, encodeModel, patchModel } from '@multimax/onnx';
import { attr, type GraphBuilder, ModelBuilder } from '@multimax/testing';

/** The name of the Softmax node in every micro model, which the params select. */
const SOFTMAX_NODE = 'softmax';

/** Builds x → Softmax(axis −1) → y on a float32 input of the given shape, at opset 14 unless given. */
export function buildSoftmaxModel(shape: readonly number[], opset = 14): Uint8Array {
  return buildModel(shape, (_graph, x) => x, opset);
}

/** Builds the Softmax model and patches it with @multimax/onnx: σ as the emitter writes it, unguarded. */
export function buildPatchedModel(shape: readonly number[], params: ModulatorParams, opset = 14): { bytes: Uint8Array; modulatorNodes: number } {
  const model = decodeModel(buildSoftmaxModel(shape, opset));
  // The Softmax reads a graph input, so the detector classifies it as unrecognized. A node selector
  // picks it anyway, and guard 'never' leaves out the Where that such sites get by default.
  const file: ParamsFile = { format: 'multimax-params', version: 1, targets: [{ select: { node: SOFTMAX_NODE }, params }] };
  patchModel(model, file, { guard: 'never' });
  const modulatorNodes = model.graph?.node.filter((node) => node.name.startsWith('multimax/')).length ?? 0;
  return { bytes: encodeModel(model), modulatorNodes };
}

/**
 * σ in the hinge form, per term Sub, Relu, Mul (one more Mul for a square) and Add: what the
 * emitter writes for a lone term, and for every term before the interval form. A reference, so
 * that one run compares both forms.
 */
export function buildHingeModel(shape: readonly number[], params: ModulatorParams): { bytes: Uint8Array; modulatorNodes: number } {
  let nodes = 0;
  const bytes = buildModel(shape, (graph, x) => {
    let sum = x;
    params.ts.forEach((t, index) => {
      if (t === 0) return;
      const threshold = graph.addFloat32Initializer(`range${index}`, [], [params.ranges[index] ?? 0]);
      const distance = index % 2 === 0 ? graph.op('Sub', [threshold, x]) : graph.op('Sub', [x, threshold]);
      let hinge = graph.op('Relu', [distance]);
      if (index >= 2) hinge = graph.op('Mul', [hinge, hinge]);
      sum = graph.op('Add', [sum, graph.op('Mul', [hinge, graph.addFloat32Initializer(`t${index}`, [], [t])])]);
      nodes += index >= 2 ? 5 : 4;
    });
    return sum;
  });
  return { bytes, modulatorNodes: nodes };
}

/**
 * Builds σ in the interval form, per order c = Clip(x, r_low, r_high), d = x − c, then
 * x + LeakyRelu(d)·k (first order) or + d·(LeakyRelu(d)·k) (second order): what the emitter wrote
 * for float32 scores before the first-order chain, and still writes for float16. Needs both terms
 * of each order nonzero, as the micro params have.
 */
export function buildIntervalModel(shape: readonly number[], params: ModulatorParams): { bytes: Uint8Array; modulatorNodes: number } {
  let nodes = 0;
  const bytes = buildModel(shape, (graph, x) => {
    let sum = x;
    for (let low = 0; low < params.ts.length; low += 2) {
      const [tLow = 0, tHigh = 0] = params.ts.slice(low, low + 2);
      const squared = low >= 2;
      const bounds = [params.ranges[low] ?? 0, params.ranges[low + 1] ?? 0].map((bound, index) => graph.addFloat32Initializer(`bound${low + index}`, [], [bound]));
      const clipped = graph.op('Clip', [x, ...bounds]);
      // The larger coefficient multiplies; the other one, divided by it, is the LeakyRelu slope.
      const highLeads = Math.abs(tHigh) >= Math.abs(tLow);
      const distance = highLeads ? graph.op('Sub', [x, clipped]) : graph.op('Sub', [clipped, x]);
      const k = highLeads ? tHigh : tLow;
      const other = highLeads ? tLow : tHigh;
      // The squared side needs no sign flip; the linear one measures its distance the other way.
      const slope = squared ? other / k : -other / k;
      const bent = graph.op('LeakyRelu', [distance], { alpha: attr.float(slope) });
      let term = graph.op('Mul', [bent, graph.addFloat32Initializer(`k${low}`, [], [k])]);
      if (squared) term = graph.op('Mul', [distance, term]);
      sum = graph.op('Add', [sum, term]);
      nodes += squared ? 6 : 5;
    }
    return sum;
  });
  return { bytes, modulatorNodes: nodes };
}

/**
 * Builds one one-input elementwise op (Neg) before the Softmax: the least any σ written in ONNX ops can
 * cost, since onnxruntime on CPU runs each op as its own pass over the scores.
 */
export function buildOnePassModel(shape: readonly number[]): { bytes: Uint8Array; modulatorNodes: number } {
  return { bytes: buildModel(shape, (graph, x) => graph.op('Neg', [x])), modulatorNodes: 1 };
}

function buildModel(shape: readonly number[], modulate: (graph: GraphBuilder, x: string) => string, opset = 14): Uint8Array {
  const model = new ModelBuilder({ graphName: 'micro', producerName: 'multimax-benchmarks', producerVersion: '0', irVersion: 8, opsets: { '': opset }, naming: 'scoped' });
  const graph = model.graph;
  graph.addInput('x', 'float32', shape);
  const logits = modulate(graph, 'x');
  graph.node('Softmax', [logits], { name: SOFTMAX_NODE, outputs: ['y'], attributes: { axis: attr.int(-1) } });
  graph.addOutput('y', 'float32', shape);
  return model.toBytes();
}
