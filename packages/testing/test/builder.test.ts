import { fromBinary } from '@bufbuild/protobuf';
import { ModelProtoSchema, TensorProto_DataLocation, TensorProto_DataType } from 'onnx-buf';
import * as ort from 'onnxruntime-node';
import {
  attr,
  convertFloatToFloat16,
  float32Tensor,
  ModelBuilder,
  type ModelBuilderOptions,
  moveInitializersToExternalData,
  mulberry32,
  NameRegistry,
  SeededRandom,
} from '../src/index.js';

const OPTIONS: ModelBuilderOptions = {
  graphName: 'test',
  producerName: 'multimax-testing',
  producerVersion: '0.0.0',
  irVersion: 8,
  opsets: { '': 14 },
  naming: 'scoped',
};

describe('mulberry32', () => {
  test('repeats its sequence for a seed', () => {
    const first = mulberry32(42);
    const second = mulberry32(42);
    const a = Array.from({ length: 5 }, () => first());
    const b = Array.from({ length: 5 }, () => second());
    expect(a).toEqual(b);
  });

  test('differs between seeds', () => {
    expect(mulberry32(1)()).not.toBe(mulberry32(2)());
  });

  test('returns values in [0, 1)', () => {
    const next = mulberry32(7);
    const values = Array.from({ length: 1000 }, () => next());
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
  });
});

test('SeededRandom.integer stays in range', () => {
  const random = new SeededRandom(3);
  const values = Array.from({ length: 500 }, () => random.integer(2, 5));
  expect(new Set(values)).toEqual(new Set([2, 3, 4]));
});

describe('NameRegistry', () => {
  test('rejects a duplicate value name', () => {
    const names = new NameRegistry('scoped');
    names.claimValue('x');
    expect(() => names.claimValue('x')).toThrow('Value name "x" is already defined');
  });

  test('scoped style numbers repeated ops like torch', () => {
    const names = new NameRegistry('scoped');
    const first = names.generateNodeName('/encoder/layer.0', 'MatMul');
    const second = names.generateNodeName('/encoder/layer.0', 'MatMul');
    expect([first, second]).toEqual(['/encoder/layer.0/MatMul', '/encoder/layer.0/MatMul_1']);
    expect(names.generateOutputName(second, 0)).toBe('/encoder/layer.0/MatMul_1_output_0');
  });

  test('numbered style uses counters', () => {
    const names = new NameRegistry('numbered');
    const node = names.generateNodeName('', 'Softmax');
    expect(node).toBe('Softmax_0');
    expect(names.generateOutputName(node, 0)).toBe('0');
    expect(names.generateOutputName(node, 1)).toBe('1');
  });
});

describe('ModelBuilder', () => {
  function buildSoftmaxModel() {
    const model = new ModelBuilder(OPTIONS);
    model.addMetadata('source', 'unit test');
    model.setOpset('com.microsoft', 1);
    const graph = model.graph;
    graph.addInput('x', 'float32', ['batch', 3]);
    const bias = graph.addFloat32Initializer('bias', [3], [0, 1, 2]);
    const softmax = graph.inScope('head', () => graph.node('Softmax', [graph.op('Add', ['x', bias])], { attributes: { axis: attr.int(-1) } }));
    graph.renameValue(softmax.outputs[0] ?? '', 'y');
    graph.addOutput('y', 'float32', ['batch', 3]);
    return { model, softmax };
  }

  test('writes producer, opsets and metadata', () => {
    const proto = fromBinary(ModelProtoSchema, buildSoftmaxModel().model.toBytes());
    expect(proto.producerName).toBe('multimax-testing');
    expect(proto.irVersion).toBe(8n);
    expect(proto.opsetImport.map((opset) => [opset.domain, opset.version])).toEqual([
      ['', 14n],
      ['com.microsoft', 1n],
    ]);
    expect(proto.metadataProps.map((entry) => [entry.key, entry.value])).toEqual([['source', 'unit test']]);
  });

  test('writes symbolic and fixed input dims', () => {
    const proto = fromBinary(ModelProtoSchema, buildSoftmaxModel().model.toBytes());
    const type = proto.graph?.input[0]?.type?.value;
    expect(type?.case).toBe('tensorType');
    const dims = type?.case === 'tensorType' ? type.value.shape?.dim.map((dim) => dim.value) : undefined;
    expect(dims).toEqual([
      { case: 'dimParam', value: 'batch' },
      { case: 'dimValue', value: 3n },
    ]);
  });

  test('names nodes by scope', () => {
    expect(buildSoftmaxModel().softmax.name).toBe('/head/Softmax');
  });

  test('builds a model onnxruntime runs', async () => {
    const session = await ort.InferenceSession.create(buildSoftmaxModel().model.toBytes());
    const result = await session.run({ x: new ort.Tensor('float32', new Float32Array([0, 0, 0]), [1, 3]) });
    const probabilities = Array.from(result.y?.data as Float32Array);
    const expected = [0, 1, 2].map((value) => Math.exp(value) / (1 + Math.E + Math.E ** 2));
    probabilities.forEach((value, index) => {
      expect(value).toBeCloseTo(expected[index] ?? 0, 6);
    });
    await session.release();
  });

  test('rejects a mismatched tensor length', () => {
    expect(() => float32Tensor('w', [2, 2], [1, 2, 3])).toThrow('Tensor "w" has 3 values but dims [2, 2] need 4.');
  });
});

describe('moveInitializersToExternalData', () => {
  function modelWithTwoWeights() {
    const model = new ModelBuilder(OPTIONS);
    const graph = model.graph;
    graph.addInput('x', 'float32', [1, 300]);
    const large = graph.addFloat32Initializer('large', [300], Array.from({ length: 300 }, (_, index) => index));
    const small = graph.addFloat32Initializer('small', [3], [1, 2, 3]);
    graph.node('Add', ['x', large], { outputs: ['y'] });
    graph.addOutput('y', 'float32', [1, 300]);
    graph.addOutput(small, 'float32', [3]);
    return model.toProto();
  }

  test('moves 1024-byte initializers by default', () => {
    const result = moveInitializersToExternalData(modelWithTwoWeights(), { location: 'weights.data' });
    expect(result.movedNames).toEqual(['large']);
    expect(result.dataBytes.byteLength).toBe(1200);

    const proto = fromBinary(ModelProtoSchema, result.modelBytes);
    const large = proto.graph?.initializer.find((tensor) => tensor.name === 'large');
    expect(large?.dataLocation).toBe(TensorProto_DataLocation.EXTERNAL);
    expect(large?.rawData.byteLength).toBe(0);
    expect(large?.externalData.map((entry) => [entry.key, entry.value])).toEqual([
      ['location', 'weights.data'],
      ['offset', '0'],
      ['length', '1200'],
    ]);
    expect(new DataView(result.dataBytes.buffer).getFloat32(4 * 299, true)).toBe(299);
  });

  test('aligns offsets', () => {
    const result = moveInitializersToExternalData(modelWithTwoWeights(), { location: 'weights.data', select: ['large', 'small'], alignment: 4096 });
    const proto = fromBinary(ModelProtoSchema, result.modelBytes);
    const offsets = proto.graph?.initializer.map((tensor) => tensor.externalData.find((entry) => entry.key === 'offset')?.value);
    expect(offsets).toEqual(['0', '4096']);
    expect(result.dataBytes.byteLength).toBe(4096 + 12);
  });

  test('rejects an unknown initializer name', () => {
    expect(() => moveInitializersToExternalData(modelWithTwoWeights(), { location: 'weights.data', select: ['missing'] })).toThrow('No initializer named "missing"');
  });

  test('result loads in onnxruntime', async () => {
    const result = moveInitializersToExternalData(modelWithTwoWeights(), { location: 'weights.data' });
    const session = await ort.InferenceSession.create(result.modelBytes, { externalData: [{ path: 'weights.data', data: result.dataBytes }] });
    const output = await session.run({ x: new ort.Tensor('float32', new Float32Array(300).fill(1), [1, 300]) });
    const sums = output.y?.data as Float32Array | undefined;
    expect(sums?.[299]).toBe(300);
    await session.release();
  });
});

describe('convertFloatToFloat16', () => {
  function softmaxModel() {
    const model = new ModelBuilder(OPTIONS);
    const graph = model.graph;
    graph.addInput('x', 'float32', [1, 4]);
    const shifted = graph.op('Add', ['x', graph.constantFloat32(-3.4028234663852886e38)], undefined, { name: 'shift' });
    graph.node('Softmax', [shifted], { name: 'softmax', outputs: ['y'], attributes: { axis: attr.int(-1) } });
    graph.addOutput('y', 'float32', [1, 4]);
    return model.toProto();
  }

  test('appends named Casts around blocked nodes', () => {
    const converted = convertFloatToFloat16(softmaxModel(), { opBlockList: ['Softmax'] });
    const nodes = converted.graph?.node ?? [];
    expect(nodes.map((node) => node.name)).toEqual(['/Constant', 'shift', 'softmax', 'softmax_input_cast0', 'softmax_output_cast0']);
    const softmax = nodes.find((node) => node.name === 'softmax');
    expect(softmax?.input).toEqual(['softmax_input_cast_0']);
    expect(softmax?.output).toEqual(['softmax_output_cast_0']);
    expect(nodes.at(-1)?.output).toEqual(['y']);
  });

  test('inline placement keeps Casts adjacent', () => {
    const converted = convertFloatToFloat16(softmaxModel(), { opBlockList: ['Softmax'], castPlacement: 'inline' });
    expect(converted.graph?.node.map((node) => node.name)).toEqual(['/Constant', 'shift', 'softmax_input_cast0', 'softmax', 'softmax_output_cast0']);
  });

  test('clamps constants and converts types', () => {
    const converted = convertFloatToFloat16(softmaxModel(), { opBlockList: ['Softmax'] });
    const constant = converted.graph?.node[0]?.attribute[0]?.t;
    if (constant === undefined) throw new Error('The Constant node lost its tensor.');
    expect(constant.dataType).toBe(TensorProto_DataType.FLOAT16);
    expect(new DataView(constant.rawData.buffer, constant.rawData.byteOffset).getUint16(0, true)).toBe(0xf0e2);
    const inputType = converted.graph?.input[0]?.type?.value;
    expect(inputType?.case === 'tensorType' ? inputType.value.elemType : undefined).toBe(TensorProto_DataType.FLOAT16);
  });
});
