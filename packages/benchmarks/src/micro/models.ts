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

function buildModel(shape: readonly number[], modulate: (graph: GraphBuilder, x: string) => string, opset = 14): Uint8Array {
  const model = new ModelBuilder({ graphName: 'micro', producerName: 'multimax-benchmarks', producerVersion: '0', irVersion: 8, opsets: { '': opset }, naming: 'scoped' });
  const graph = model.graph;
  graph.addInput('x', 'float32', shape);
  const logits = modulate(graph, 'x');
  graph.node('Softmax', [logits], { name: SOFTMAX_NODE, outputs: ['y'], attributes: { axis: attr.int(-1) } });
  graph.addOutput('y', 'float32', shape);
  return model.toBytes();
}
