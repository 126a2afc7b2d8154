import { create } from '@bufbuild/protobuf';
import { type ModulatorParams, order } from '@multimax/core';

import type { NodeProto, TensorProto } from '../io/proto.js';
import { AttributeProtoSchema, AttributeType, DataType, NodeProtoSchema } from '../io/proto.js';
import type { NameGenerator } from '../ir/names.js';
import { scalarTensor } from './constants.js';

/** Entries at or below this value are treated as masked by the guarded form, as exporters' −10000 masks are. */
export const GUARD_THRESHOLD = -1e4;
const FLOAT16_MAX = 65504;

export interface ModulatorRequest {
  /** The value σ reads. */
  input: string;
  elementType: number;
  params: ModulatorParams;
  /** Leave entries ≤ GUARD_THRESHOLD (and −∞) unchanged. */
  guarded: boolean;
  /** Prefix for node, value and initializer names, e.g. `multimax/p2o.Softmax.0`. */
  prefix: string;
  opset: number;
  names: NameGenerator;
}

export interface EmittedModulator {
  nodes: NodeProto[];
  initializers: TensorProto[];
  output: string;
}

/**
 * Emits σ(scale·x + bias) as standard ONNX ops (Mul, Add, Sub, Relu; squares as Mul, not Pow),
 * skipping every term whose coefficient is zero. Second-order σ on float16/bfloat16 scores is
 * computed in float32 and clipped to ±65504 before the cast back, so the squares cannot overflow.
 */
export function emitModulator(request: ModulatorRequest): EmittedModulator {
  const { params, prefix, names } = request;
  const nodes: NodeProto[] = [];
  const initializers: TensorProto[] = [];

  const halfPrecision = request.elementType === DataType.FLOAT16 || request.elementType === DataType.BFLOAT16;
  const computeInFloat32 = halfPrecision && order(params) === 2;
  const computeType = computeInFloat32 ? DataType.FLOAT : request.elementType;

  const value = (label: string) => names.unique(`${prefix}/${label}`);
  const constant = (label: string, scalar: number, elementType = computeType) => {
    const name = names.unique(`${prefix}/${label}`);
    initializers.push(scalarTensor(name, scalar, elementType));
    return name;
  };
  const op = (opType: string, inputs: string[], label: string, attributes: NodeProto['attribute'] = []) => {
    const output = value(label);
    nodes.push(create(NodeProtoSchema, { opType, domain: '', name: names.unique(`${prefix}/${opType}_${label}`), input: inputs, output: [output], attribute: attributes }));
    return output;
  };
  const cast = (input: string, to: number, label: string) =>
    op('Cast', [input], label, [create(AttributeProtoSchema, { name: 'to', type: AttributeType.INT, i: BigInt(to) })]);

  let x = computeInFloat32 ? cast(request.input, DataType.FLOAT, 'x_float32') : request.input;

  // The affine variant: σ(scale·x + bias).
  if (params.scale !== undefined && params.scale !== 1) x = op('Mul', [x, constant('scale', params.scale)], 'scaled');
  if (params.bias !== undefined && params.bias !== 0) x = op('Add', [x, constant('bias', params.bias)], 'shifted');

  let result = x;
  params.ts.forEach((t, k) => {
    if (t === 0) return;
    const threshold = constant(`range${k}`, params.ranges[k] ?? 0);
    // Even k: the term below the threshold, max(r − x, 0). Odd k: the term above it, max(x − r, 0).
    const distance = k % 2 === 0 ? op('Sub', [threshold, x], `below${k}`) : op('Sub', [x, threshold], `above${k}`);
    let hinge = op('Relu', [distance], `hinge${k}`);
    if (k >= 2) hinge = op('Mul', [hinge, hinge], `hinge${k}_squared`);
    const term = op('Mul', [hinge, constant(`t${k}`, t)], `term${k}`);
    result = op('Add', [result, term], `sum${k}`);
  });

  if (computeInFloat32) {
    result = clip(result, -FLOAT16_MAX, FLOAT16_MAX);
    result = cast(result, request.elementType, 'sigma');
  }

  if (request.guarded) {
    const keep = op('Greater', [request.input, constant('guard', GUARD_THRESHOLD, request.elementType)], 'unmasked');
    result = op('Where', [keep, result, request.input], 'guarded');
  }

  return { nodes, initializers, output: result };

  function clip(input: string, min: number, max: number): string {
    // Clip takes min/max as attributes before opset 11 and as inputs from 11 on.
    if (request.opset < 11) {
      return op('Clip', [input], 'clipped', [
        create(AttributeProtoSchema, { name: 'min', type: AttributeType.FLOAT, f: min }),
        create(AttributeProtoSchema, { name: 'max', type: AttributeType.FLOAT, f: max }),
      ]);
    }
    return op('Clip', [input, constant('clip_min', min), constant('clip_max', max)], 'clipped');
  }
}
