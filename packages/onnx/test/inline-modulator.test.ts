import { create } from '@bufbuild/protobuf';
import { type ModulatorParams, uniformParamsFile } from '@multimax/core';
import { buildBertOpset14, type Fixture, runWithExtraOutputs } from '@multimax/testing';
import { AttributeProto_AttributeType, type ModelProto, NodeProtoSchema, TensorProto_DataType } from 'onnx-buf';

import { decodeModel, encodeModel, findSoftmaxSites, inspectModel, patchModel } from '../src/index.js';

const INLINE_PARAMS: ModulatorParams = { ranges: [-0.5, 0.75, 0, 1.5], ts: [-0.625, 0.25, 0, -0.125] };

/**
 * Writes σ in front of the first attention's mask the way torch.onnx.export writes
 * `x + t0 * relu(r0 - x) + t1 * relu(x - r1) + t3 * relu(x - r3) ** 2`: Constant nodes, the
 * coefficient first in each Mul, Pow for the square.
 */
function withInlineModulator(fixture: Fixture): Uint8Array {
  const model: ModelProto = decodeModel(fixture.bytes);
  const graph = model.graph!;
  const site = findSoftmaxSites(model).find((candidate) => candidate.kind === 'attention')!;
  const x = site.insertion.value;

  const nodes: ReturnType<typeof create<typeof NodeProtoSchema>>[] = [];
  const constant = (name: string, value: number) => {
    nodes.push(create(NodeProtoSchema, {
      opType: 'Constant',
      name: `/inline/${name}`,
      output: [`/inline/${name}_output_0`],
      attribute: [{ name: 'value', type: AttributeProto_AttributeType.TENSOR, t: { dataType: TensorProto_DataType.FLOAT, dims: [], floatData: [value] } }],
    }));
    return `/inline/${name}_output_0`;
  };
  const op = (opType: string, name: string, inputs: string[]) => {
    nodes.push(create(NodeProtoSchema, { opType, name: `/inline/${name}`, input: inputs, output: [`/inline/${name}_output_0`] }));
    return `/inline/${name}_output_0`;
  };

  const below = op('Relu', 'Relu', [op('Sub', 'Sub', [constant('r0', -0.5), x])]);
  const term0 = op('Mul', 'Mul', [constant('t0', -0.625), below]);
  const above = op('Relu', 'Relu_1', [op('Sub', 'Sub_1', [x, constant('r1', 0.75)])]);
  const term1 = op('Mul', 'Mul_1', [constant('t1', 0.25), above]);
  const aboveSquared = op('Pow', 'Pow', [op('Relu', 'Relu_2', [op('Sub', 'Sub_2', [x, constant('r3', 1.5)])]), constant('two', 2)]);
  const term3 = op('Mul', 'Mul_2', [constant('t3', -0.125), aboveSquared]);
  const sigma = op('Add', 'Add_2', [op('Add', 'Add_1', [op('Add', 'Add', [x, term0]), term1]), term3]);

  const consumerIndex = graph.node.indexOf(site.insertion.consumer);
  site.insertion.consumer.input[site.insertion.inputIndex] = sigma;
  graph.node.splice(consumerIndex, 0, ...nodes);
  return encodeModel(model);
}

function patched(bytes: Uint8Array, params: ModulatorParams): Uint8Array {
  const model = decodeModel(bytes);
  patchModel(model, uniformParamsFile(params));
  return encodeModel(model);
}

describe('inline modulator from another exporter', () => {
  const fixture = buildBertOpset14();
  const inlineModel = withInlineModulator(fixture);
  const probabilities = '/bert/encoder/layer.0/attention/self/Softmax_output_0';

  it('is reported by inspect with its params', () => {
    const report = inspectModel(decodeModel(inlineModel));
    const [first, second] = report.softmax;
    expect(first?.pattern).toBe('scores+add-mask+inline-multimax');
    expect(first?.multimaxSource).toBe('inline');
    expect(first?.multimax).toEqual(INLINE_PARAMS);
    expect(first?.scores).toBe('/bert/encoder/layer.0/attention/self/Div_output_0');
    expect(second?.multimax).toBeUndefined();
  });

  it('is replaced, not stacked, when patched', () => {
    const model = decodeModel(patched(inlineModel, { ranges: [-1, 1], ts: [-0.5, 0.5] }));
    expect(model.graph!.node.filter((node) => node.name.startsWith('/inline/') && node.opType !== 'Constant')).toEqual([]);
    expect(inspectModel(model).softmax[0]?.multimax).toEqual({ ranges: [-1, 1], ts: [-0.5, 0.5] });
  });

  it('gives the same probabilities as patching the plain model', async () => {
    const params: ModulatorParams = { ranges: [-1, 1, -2, 2], ts: [-0.5, 0.2, -0.1, 0.05] };
    const feeds = fixture.inputs(3);
    const fromInline = await runWithExtraOutputs(patched(inlineModel, params), feeds, [probabilities]);
    const fromPlain = await runWithExtraOutputs(patched(fixture.bytes, params), feeds, [probabilities]);

    const actual = fromInline.get(probabilities)!.data;
    const expected = fromPlain.get(probabilities)!.data;
    expect(actual.length).toBe(expected.length);
    expect(Math.max(...actual.map((value, i) => Math.abs(value - (expected[i] ?? Number.NaN))))).toBeLessThan(1e-6);
  });

  it('computes what the inline σ computed when patched with its params', async () => {
    const feeds = fixture.inputs(5);
    const original = await runWithExtraOutputs(inlineModel, feeds, [probabilities]);
    const repatched = await runWithExtraOutputs(patched(inlineModel, INLINE_PARAMS), feeds, [probabilities]);

    const expected = original.get(probabilities)!.data;
    const actual = repatched.get(probabilities)!.data;
    expect(Math.max(...actual.map((value, i) => Math.abs(value - (expected[i] ?? Number.NaN))))).toBeLessThan(1e-6);
  });
});
