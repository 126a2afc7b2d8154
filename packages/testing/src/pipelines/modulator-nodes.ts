// σ written as plain ONNX nodes by the fixture builders, independently of @multimax/onnx, so that a
// "twin" fixture with σ built in checks what the rewriter and the transformers.js plugin produce.
import type { ModulatorParams } from '@multimax/core';
import type { GraphBuilder } from '../builder/graph-builder.js';

/**
 * Adds σ(x) = y + ts[0]·max(ranges[0] − y, 0) + ts[1]·max(y − ranges[1], 0)
 *   + ts[2]·max(ranges[2] − y, 0)² + ts[3]·max(y − ranges[3], 0)², with y = scale·x + bias,
 * on a float32 value, and returns the output value name.
 */
export function addModulatorNodes(graph: GraphBuilder, input: string, params: ModulatorParams): string {
  const constant = (value: number) => graph.constantFloat32(value);
  const scaled = params.scale === undefined ? input : graph.op('Mul', [input, constant(params.scale)]);
  const y = params.bias === undefined ? scaled : graph.op('Add', [scaled, constant(params.bias)]);

  let sum = y;
  params.ts.forEach((coefficient, index) => {
    const threshold = params.ranges[index] ?? 0;
    // Even indices act below their threshold, odd ones above it; indices 2 and 3 are squared.
    const distance = index % 2 === 0 ? graph.op('Sub', [constant(threshold), y]) : graph.op('Sub', [y, constant(threshold)]);
    const hinge = graph.op('Relu', [distance]);
    const term = index < 2 ? hinge : graph.op('Mul', [hinge, hinge]);
    sum = graph.op('Add', [sum, graph.op('Mul', [term, constant(coefficient)])]);
  });
  return sum;
}
