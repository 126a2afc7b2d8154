import { create } from '@bufbuild/protobuf';
import { type ModulatorParams, order } from '@multimax/core';

import type { NodeProto, TensorProto } from '../io/proto.js';
import { AttributeProtoSchema, AttributeType, DataType, NodeProtoSchema } from '../io/proto.js';
import type { NameGenerator } from '../ir/names.js';
import { scalarTensor } from './constants.js';

/** Entries at or below this value are treated as masked by the guarded form, as exporters' −10000 masks are. */
export const GUARD_THRESHOLD = -1e4;
const FLOAT16_MAX = 65504;
/** Thresholds up to this magnitude keep the first-order chain within an ulp or two of x (see emitFirstOrderChain). */
const CHAIN_MAX_THRESHOLD = 64;

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
 * Emits σ(scale·x + bias) as standard ONNX ops, skipping every term whose coefficient is zero.
 * Second-order σ on float16/bfloat16 scores is computed in float32 and clipped to ±65504 before the
 * cast back, so the squares cannot overflow.
 *
 * Each op is one pass over the scores, and in onnxruntime on CPU one elementwise pass costs about
 * as much as the Softmax itself (micro section of BENCHMARKS.md), so fewer and cheaper ops make σ
 * cheaper. float32 and double scores get the first order as a chain of one-input ops
 * (emitFirstOrderChain): 4 ops for both terms, 2 or 3 for one. Elsewhere an order whose two terms
 * are both nonzero is written around the distance to the interval, d = x − Clip(x, r_low, r_high),
 * which is 0 inside it: first order adds LeakyRelu(d)·k (5 ops instead of 8), second order adds
 * d·(LeakyRelu(d)·k) (6 ops instead of 10), with PRelu in place of LeakyRelu for double scores.
 * d is exactly 0 wherever no hinge is active, so that form gives x bitwise there. An order with one
 * nonzero term, or with ranges the wrong way round, keeps the hinge form t·max(r − x, 0).
 *
 * The output is σ(scale·x + bias) plus a constant (zero except for the chain), which every consumer
 * of σ ignores: Softmax and LogSoftmax are shift-invariant, and masks are added after σ. In the
 * guarded form the entries left as they were lie at or below −10000, where a shift of at most 64
 * changes no float32 probability.
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

  // The chain gives x with the first order applied, shifted by a constant that Softmax ignores.
  // Where it does not apply, the first-order terms are added to x like the second-order ones.
  const chained = emitFirstOrderChain();
  let result = chained ?? x;
  for (const term of [...(chained === undefined ? emitOrder(0) : []), ...emitOrder(1)]) result = op('Add', [result, term], 'sum');

  if (computeInFloat32) {
    result = clip(result, -FLOAT16_MAX, FLOAT16_MAX, 'clipped', 'clip');
    result = cast(result, request.elementType, 'sigma');
  }

  if (request.guarded) {
    const keep = op('Greater', [request.input, constant('guard', GUARD_THRESHOLD, request.elementType)], 'unmasked');
    result = op('Where', [keep, result, request.input], 'guarded');
  }

  return { nodes, initializers, output: result };

  /**
   * Emits x plus the first-order terms, minus a constant, as a chain of one-input ops, or returns
   * undefined where the chain does not apply. σ's slope is p = 1 − ts[0] below [r0, r1], 1 inside
   * it and q = 1 + ts[1] above it, and the forms are:
   *   both terms:  LeakyRelu(r1 − r0 − LeakyRelu(r1 − x, q), p)   4 ops, σ(x) − r0 (needs q ≥ 0)
   *   low only:    LeakyRelu(x − r0, p)                             2 ops (1 if r0 = 0), σ(x) − r0
   *   high only:   −LeakyRelu(r1 − x, q)                            3 ops, σ(x) − r1
   * Each op reads one tensor, where the interval form's Sub and Add read two. In onnxruntime 1.30 on
   * CPU σ's kernels took a third less time than in the interval form on [8, 12, 512, 512] scores, and
   * about as long on [1, 12, 128, 128], which fit in the cache (BENCHMARKS.md, micro section).
   *
   * NOTE: the shift by a threshold rounds x once more, by at most an ulp of max(|x|, |r|), which is
   * why the chain is kept to float32 and double scores and to thresholds of magnitude ≤ 64. float16
   * keeps the interval form, which gives x bitwise inside the interval.
   */
  function emitFirstOrderChain(): string | undefined {
    const [rLow = 0, rHigh = 0] = params.ranges;
    const [tLow = 0, tHigh = 0] = params.ts;
    const floatOrDouble = computeType === DataType.FLOAT || (computeType === DataType.DOUBLE && supportsIntervalForm(computeType, request.opset));
    if (!floatOrDouble || (tLow === 0 && tHigh === 0)) return undefined;
    if (Math.abs(rLow) > CHAIN_MAX_THRESHOLD || Math.abs(rHigh) > CHAIN_MAX_THRESHOLD) return undefined;

    const p = 1 - tLow;
    const q = 1 + tHigh;
    // A lone low term at threshold 0 is LeakyRelu alone, σ in one pass.
    if (tHigh === 0) return bend(rLow === 0 ? x : op('Sub', [x, constant('range0', rLow)], 'from_low'), p, 0);
    if (tLow === 0) return op('Neg', [bend(op('Sub', [constant('range1', rHigh), x], 'to_high'), q, 1)], 'chained');
    // Above r1 the inner chain must stay positive, which a negative slope q would break.
    if (rLow > rHigh || q < 0) return undefined;
    const toHigh = op('Sub', [constant('range1', rHigh), x], 'to_high');
    const fromLow = op('Sub', [constant('width', rHigh - rLow), bend(toHigh, q, 1)], 'from_low');
    return bend(fromLow, p, 0);
  }

  /**
   * Emits the terms of one order (0: ts[0] and ts[1], 1: ts[2] and ts[3]) and returns the values to
   * add to x: none when both coefficients are zero, one for both terms in the interval form.
   */
  function emitOrder(orderIndex: number): string[] {
    const low = 2 * orderIndex;
    const high = low + 1;
    const squared = orderIndex === 1;
    const tLow = params.ts[low] ?? 0;
    const tHigh = params.ts[high] ?? 0;
    const rLow = params.ranges[low] ?? 0;
    const rHigh = params.ranges[high] ?? 0;
    // With rLow > rHigh both hinges are active between the thresholds, which one Clip cannot express.
    if (tLow === 0 || tHigh === 0 || rLow > rHigh || !supportsIntervalForm(computeType, request.opset)) {
      return [low, high].filter((k) => (params.ts[k] ?? 0) !== 0).map((k) => emitHinge(k, squared));
    }

    // d = x − Clip(x, r_low, r_high) is negative below the interval, positive above it, 0 inside.
    // The coefficient of larger magnitude becomes the multiplier k, and the slope on the negative
    // side is the other one divided by k, so |slope| ≤ 1 and slope·d never exceeds |d|. LeakyRelu
    // and PRelu pass their positive side unchanged, so when k belongs to the low term the distance
    // is taken as c − x instead, which is positive below the interval.
    const clipped = clip(x, rLow, rHigh, `clipped${low}`);
    const highLeads = Math.abs(tHigh) >= Math.abs(tLow);
    const distance = highLeads ? op('Sub', [x, clipped], `distance${low}`) : op('Sub', [clipped, x], `distance${low}`);
    const k = highLeads ? tHigh : tLow;
    const other = highLeads ? tLow : tHigh;
    // First order: the term on the negative side is other·|d| = −other·d. Second order: both sides
    // are t·d², which bent(d)·k·d gives with the slope other/k and no sign flip.
    const slope = squared ? other / k : -other / k;
    const bent = bend(distance, slope, low);
    const scaled = op('Mul', [bent, constant(`coefficient${low}`, k)], `scaled${low}`);
    return [squared ? op('Mul', [distance, scaled], `terms${low}`) : scaled];
  }

  /**
   * Emits y for y ≥ 0 and slope·y below. LeakyRelu is faster than PRelu in onnxruntime 1.30 on CPU
   * (PRelu took 1.3 to 4 times as long per op in the micro section of BENCHMARKS.md); shared σ
   * functions stay correct because their identity includes attribute values. Double scores use
   * PRelu, because the float attribute would round the slope to float32.
   */
  function bend(input: string, slope: number, index: number): string {
    if (computeType !== DataType.DOUBLE) {
      return op('LeakyRelu', [input], `bent${index}`, [create(AttributeProtoSchema, { name: 'alpha', type: AttributeType.FLOAT, f: slope })]);
    }
    return op('PRelu', [input, constant(`slope${index}`, slope)], `bent${index}`);
  }

  /** Emits ts[k]·max(r − x, 0) (even k) or ts[k]·max(x − r, 0) (odd k), squared for k ≥ 2. */
  function emitHinge(k: number, squared: boolean): string {
    const threshold = constant(`range${k}`, params.ranges[k] ?? 0);
    const distance = k % 2 === 0 ? op('Sub', [threshold, x], `below${k}`) : op('Sub', [x, threshold], `above${k}`);
    let hinge = op('Relu', [distance], `hinge${k}`);
    if (squared) hinge = op('Mul', [hinge, hinge], `hinge${k}_squared`);
    return op('Mul', [hinge, constant(`t${k}`, params.ts[k] ?? 0)], `term${k}`);
  }

  /** Emits Clip(input, min, max); `boundsLabel` names the min and max initializers from opset 11 on. */
  function clip(input: string, min: number, max: number, label: string, boundsLabel = label): string {
    // Clip takes min/max as float attributes before opset 11 and as inputs from 11 on.
    if (request.opset < 11) {
      return op('Clip', [input], label, [
        create(AttributeProtoSchema, { name: 'min', type: AttributeType.FLOAT, f: min }),
        create(AttributeProtoSchema, { name: 'max', type: AttributeType.FLOAT, f: max }),
      ]);
    }
    return op('Clip', [input, constant(`${boundsLabel}_min`, min), constant(`${boundsLabel}_max`, max)], label);
  }
}

/**
 * Tells whether the Clip and LeakyRelu/PRelu of the interval form run on this element type at this
 * opset: bfloat16 needs opset 16 (PRelu-16), and double needs opset 16 too, because
 * onnxruntime 1.30's CPU kernels for PRelu before version 16 take float only.
 */
function supportsIntervalForm(elementType: number, opset: number): boolean {
  if (elementType === DataType.BFLOAT16 || elementType === DataType.DOUBLE) return opset >= 16;
  return true;
}
