import { fromBinary } from '@bufbuild/protobuf';
import { ModelProtoSchema } from 'onnx-buf';
import * as ort from 'onnxruntime-node';
import {
  attr,
  broadcastTo,
  buildIfBranch,
  describeSoftmaxNode,
  logSoftmax64,
  ModelBuilder,
  runWithExtraOutputs,
  softmax64,
  withExtraOutputs,
} from '../src/index.js';

describe('broadcastTo', () => {
  test('repeats a row', () => {
    expect(Array.from(broadcastTo([1, 2, 3], [3], [2, 3]))).toEqual([1, 2, 3, 1, 2, 3]);
  });

  test('repeats a column', () => {
    expect(Array.from(broadcastTo([1, 2], [2, 1], [2, 3]))).toEqual([1, 1, 1, 2, 2, 2]);
  });

  test('broadcasts a scalar', () => {
    expect(Array.from(broadcastTo([5], [], [2, 2]))).toEqual([5, 5, 5, 5]);
  });

  test('broadcasts a [batch, 1, 1, key] mask to scores', () => {
    const result = broadcastTo([0, -1, 0, -2], [2, 1, 1, 2], [2, 2, 2, 2]);
    expect(Array.from(result)).toEqual([0, -1, 0, -1, 0, -1, 0, -1, 0, -2, 0, -2, 0, -2, 0, -2]);
  });

  test('rejects incompatible dims', () => {
    expect(() => broadcastTo([1, 2], [2], [3])).toThrow('Cannot broadcast [2] to [3]');
  });
});

/** Builds a one-node Softmax model at `opset` with `axis` on a [2, 3, 4] input. */
function softmaxModel(opset: number, axis: number): Uint8Array {
  const model = new ModelBuilder({ graphName: 'softmax', producerName: 'test', producerVersion: '0', irVersion: opset < 13 ? 4 : 8, opsets: { '': opset }, naming: 'scoped' });
  model.graph.addInput('x', 'float32', [2, 3, 4]);
  model.graph.node('Softmax', ['x'], { name: 'softmax', outputs: ['y'], attributes: { axis: attr.int(axis) } });
  model.graph.addOutput('y', 'float32', [2, 3, 4]);
  return model.toBytes();
}

describe('softmax64', () => {
  const input = Float32Array.from({ length: 24 }, (_, index) => Math.sin(index) * 3);

  async function runSoftmax(bytes: Uint8Array): Promise<Float32Array> {
    const session = await ort.InferenceSession.create(bytes);
    const result = await session.run({ x: new ort.Tensor('float32', input, [2, 3, 4]) });
    await session.release();
    return result.y?.data as Float32Array;
  }

  test('matches opset 9 non-last-axis coercion', async () => {
    const actual = await runSoftmax(softmaxModel(9, 1));
    const expected = softmax64(input, [2, 3, 4], 1, true);
    expected.forEach((value, index) => {
      expect(actual[index]).toBeCloseTo(value, 6);
    });
  });

  test('matches opset 13 normalization along one axis', async () => {
    const actual = await runSoftmax(softmaxModel(13, 1));
    const expected = softmax64(input, [2, 3, 4], 1, false);
    expected.forEach((value, index) => {
      expect(actual[index]).toBeCloseTo(value, 6);
    });
  });

  test('coerced and per-axis results differ', () => {
    const coerced = softmax64(input, [2, 3, 4], 1, true);
    const perAxis = softmax64(input, [2, 3, 4], 1, false);
    expect(coerced.reduce((sum, value) => sum + value, 0)).toBeCloseTo(2, 10);
    expect(perAxis.reduce((sum, value) => sum + value, 0)).toBeCloseTo(8, 10);
  });

  test('gives exact zeros for -Infinity entries', () => {
    expect(Array.from(softmax64([0, Number.NEGATIVE_INFINITY], [2], -1, false))).toEqual([1, 0]);
  });

  test('logSoftmax64 is the log of softmax64', () => {
    const logarithms = logSoftmax64(input, [2, 3, 4], -1, false);
    const probabilities = softmax64(input, [2, 3, 4], -1, false);
    logarithms.forEach((value, index) => {
      expect(Math.exp(value)).toBeCloseTo(probabilities[index] ?? 0, 12);
    });
  });
});

describe('describeSoftmaxNode', () => {
  test('defaults a missing axis by opset', () => {
    const model = new ModelBuilder({ graphName: 'softmax', producerName: 'test', producerVersion: '0', irVersion: 4, opsets: { '': 9 }, naming: 'scoped' });
    model.graph.addInput('x', 'float32', [2, 3]);
    model.graph.node('Softmax', ['x'], { name: 'softmax', outputs: ['y'] });
    model.graph.addOutput('y', 'float32', [2, 3]);
    expect(describeSoftmaxNode(model.toBytes(), 'softmax')).toEqual({ opType: 'Softmax', axis: 1, output: 'y', opset: 9, coercesTo2d: true });
  });

  test('rejects an unknown node name', () => {
    expect(() => describeSoftmaxNode(softmaxModel(13, -1), 'missing')).toThrow('No node named "missing"');
  });
});

describe('withExtraOutputs', () => {
  test('adds a main-graph value as a typed output', () => {
    const model = new ModelBuilder({ graphName: 'g', producerName: 'test', producerVersion: '0', irVersion: 8, opsets: { '': 14 }, naming: 'scoped' });
    model.graph.addInput('x', 'float32', [2]);
    const doubled = model.graph.op('Add', ['x', 'x']);
    model.graph.node('Relu', [doubled], { outputs: ['y'] });
    model.graph.addOutput('y', 'float32', [2]);

    const proto = fromBinary(ModelProtoSchema, withExtraOutputs(model.toBytes(), [doubled]));
    const added = proto.graph?.output.find((output) => output.name === doubled);
    expect(added?.type?.value.case).toBe('tensorType');
  });

  test('lifts If-branch values, empty when skipped', async () => {
    const fixture = buildIfBranch();
    const [withPastSite, noPastSite] = fixture.attention;
    if (withPastSite === undefined || noPastSite === undefined) throw new Error('if-branch declares two sites.');

    const values = await runWithExtraOutputs(fixture.bytes, fixture.inputs(0), [withPastSite.scores, noPastSite.scores]);
    expect(values.get(withPastSite.scores)?.dims).toEqual([3, 2, 4, 6]);
    expect(values.get(noPastSite.scores)?.data.length).toBe(0);
  });

  test('rejects an unknown value', () => {
    expect(() => withExtraOutputs(softmaxModel(13, -1), ['missing'])).toThrow('No value named "missing"');
  });
});
