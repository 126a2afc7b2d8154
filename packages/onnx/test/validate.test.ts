import { create, type MessageInitShape } from '@bufbuild/protobuf';
import { AttributeProto_AttributeType, type GraphProtoSchema, ModelProtoSchema, type NodeProtoSchema } from 'onnx-buf';

import { validateModel } from '../src/ir/validate.js';

type NodeInit = MessageInitShape<typeof NodeProtoSchema>;

function model(nodes: NodeInit[], outputs = ['z']) {
  return create(ModelProtoSchema, {
    irVersion: 8n,
    opsetImport: [{ domain: '', version: 13n }],
    graph: { name: 'g', node: nodes, input: [{ name: 'x' }], output: outputs.map((name) => ({ name })) },
  });
}

/** Builds an If whose then-branch reads the outer value `outer` and outputs it through Identity. */
function ifReading(outer: string, name: string): NodeInit {
  const branch = (label: string): MessageInitShape<typeof GraphProtoSchema> => ({
    name: label,
    node: [{ opType: 'Identity', name: `${name}/${label}`, input: [outer], output: [`${name}_${label}_out`] }],
    output: [{ name: `${name}_${label}_out` }],
  });
  return {
    opType: 'If',
    name,
    input: ['x'],
    output: [`${name}_out`],
    attribute: [
      { name: 'then_branch', type: AttributeProto_AttributeType.GRAPH, g: branch('then') },
      { name: 'else_branch', type: AttributeProto_AttributeType.GRAPH, g: branch('else') },
    ],
  };
}

describe('validateModel', () => {
  it('accepts nodes in topological order', () => {
    expect(() => validateModel(model([
      { opType: 'Relu', name: 'a', input: ['x'], output: ['y'] },
      { opType: 'Neg', name: 'b', input: ['y'], output: ['z'] },
    ]))).not.toThrow();
  });

  it('accepts an acyclic graph whose nodes are out of order', () => {
    expect(() => validateModel(model([
      { opType: 'Neg', name: 'b', input: ['y'], output: ['z'] },
      { opType: 'Relu', name: 'a', input: ['x'], output: ['y'] },
    ]))).not.toThrow();
  });

  it('rejects a cycle of two nodes', () => {
    expect(() => validateModel(model([
      { opType: 'Add', name: 'a', input: ['x', 'z'], output: ['y'] },
      { opType: 'Neg', name: 'b', input: ['y'], output: ['z'] },
    ]))).toThrow(/graph main: the graph has a cycle through node "a"/);
  });

  it('rejects a node that reads its own output', () => {
    expect(() => validateModel(model([{ opType: 'Add', name: 'a', input: ['x', 'z'], output: ['z'] }]))).toThrow(/node "a" reads its own output "z"/);
  });

  it('rejects a value that nothing produces', () => {
    expect(() => validateModel(model([{ opType: 'Add', name: 'a', input: ['x', 'missing'], output: ['z'] }]))).toThrow(/node "a" reads "missing", which no node, input or initializer produces/);
  });

  it('accepts a subgraph reading a later outer value', () => {
    expect(() => validateModel(model([
      ifReading('y', 'branch'),
      { opType: 'Relu', name: 'a', input: ['x'], output: ['y'] },
      { opType: 'Neg', name: 'b', input: ['branch_out'], output: ['z'] },
    ]))).not.toThrow();
  });

  it('rejects a cycle that runs through a subgraph', () => {
    expect(() => validateModel(model([
      ifReading('z', 'branch'),
      { opType: 'Neg', name: 'b', input: ['branch_out'], output: ['z'] },
    ]))).toThrow(/the graph has a cycle/);
  });
});
