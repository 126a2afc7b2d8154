import { create } from '@bufbuild/protobuf';
import { allFixtures } from '@multimax/testing';
import { ModelProtoSchema, TensorProto_DataType } from 'onnx-buf';

import { ElementTypeIndex } from '../src/ir/element-types.js';
import { decodeModel, Graph, inferElementTypes, NameGenerator } from '../src/index.js';

const floatInput = { name: 'x', type: { value: { case: 'tensorType' as const, value: { elemType: TensorProto_DataType.FLOAT } } } };

/** Builds x → Relu → … → Relu (`length` nodes) with only x's type declared. */
function reluChain(length: number) {
  const node = Array.from({ length }, (_, index) => ({ opType: 'Relu', name: `relu${index}`, input: [index === 0 ? 'x' : `v${index - 1}`], output: [`v${index}`] }));
  return create(ModelProtoSchema, { irVersion: 8n, opsetImport: [{ domain: '', version: 13n }], graph: { name: 'chain', node, input: [floatInput], output: [{ name: `v${length - 1}` }] } });
}

describe('ElementTypeIndex', () => {
  it.each(allFixtures().map((fixture) => [fixture.name, fixture.bytes] as const))('agrees with inferElementTypes on fixture %s', (_name, bytes) => {
    const graph = new Graph(decodeModel(bytes).graph!);
    const eager = inferElementTypes(graph);
    const lazy = new ElementTypeIndex(graph);
    const values = graph.nodes.flatMap((node) => [...node.input, ...node.output]).filter((value) => value !== '');

    expect(values.length).toBeGreaterThan(0);
    for (const value of values) expect([value, lazy.get(value)]).toEqual([value, eager.get(value)]);
  });

  it('infers the end of a chain longer than its lookup depth', () => {
    const graph = new Graph(reluChain(1000).graph!);
    expect(new ElementTypeIndex(graph).get('v999')).toBe(TensorProto_DataType.FLOAT);
  });

  it('asks the outer scope for values without a producer', () => {
    const graph = new Graph(reluChain(2).graph!);
    const index = new ElementTypeIndex(graph, new Map([['outer', TensorProto_DataType.DOUBLE]]));
    expect(index.get('outer')).toBe(TensorProto_DataType.DOUBLE);
    expect(index.get('missing')).toBeUndefined();
  });
});

describe('NameGenerator with a prefix', () => {
  const model = create(ModelProtoSchema, {
    graph: { name: 'g', node: [{ opType: 'Relu', name: 'multimax/a', input: ['x'], output: ['multimax/b'] }], input: [floatInput] },
  });

  it('avoids taken names that start with the prefix', () => {
    const names = new NameGenerator(model, { prefix: 'multimax/' });
    expect(names.unique('multimax/a')).toBe('multimax/a_1');
    expect(names.unique('multimax/b')).toBe('multimax/b_1');
    expect(names.unique('multimax/c')).toBe('multimax/c');
    expect(names.has('multimax/c')).toBe(true);
  });

  it('rejects a name without the prefix', () => {
    const names = new NameGenerator(model, { prefix: 'multimax/' });
    expect(() => names.unique('x')).toThrow(/name "x" does not start with this generator's prefix "multimax\/"/);
  });
});
