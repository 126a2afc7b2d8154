import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import {
  type GraphProto,
  type ModelProto,
  ModelProtoSchema,
  type NodeProto,
  NodeProtoSchema,
  TypeProto_TensorSchema,
  TypeProtoSchema,
  type ValueInfoProto,
  ValueInfoProtoSchema,
} from 'onnx-buf';
import { toAttributeProto } from '../builder/attribute.js';
import { inferElementTypes } from '../builder/element-type-inference.js';
import { elementTypeOf } from '../builder/element-type.js';
import { emptyTensor } from '../builder/tensor.js';
import { findProducer } from './graph-search.js';

export interface ExtraOutputsResult {
  bytes: Uint8Array;
  /** Graph output name of each requested value. It is the value's own name unless the value lives inside an If branch. */
  outputNames: Map<string, string>;
}

/** Creates an output ValueInfoProto with the element type (when known) and no shape, so any shape is accepted. */
function outputValueInfo(name: string, elementType: number | undefined): ValueInfoProto {
  if (elementType === undefined) return create(ValueInfoProtoSchema, { name });
  const tensorType = create(TypeProto_TensorSchema, { elemType: elementType });
  return create(ValueInfoProtoSchema, { name, type: create(TypeProtoSchema, { value: { case: 'tensorType', value: tensorType } }) });
}

function collectValueNames(model: ModelProto): Set<string> {
  const names = new Set<string>();
  const visit = (graph: GraphProto) => {
    for (const value of [...graph.input, ...graph.output, ...graph.valueInfo]) names.add(value.name);
    for (const initializer of graph.initializer) names.add(initializer.name);
    for (const node of graph.node) {
      for (const output of node.output) names.add(output);
      for (const attribute of node.attribute) {
        if (attribute.g !== undefined) visit(attribute.g);
        for (const subgraph of attribute.graphs) visit(subgraph);
      }
    }
  };
  if (model.graph !== undefined) visit(model.graph);
  return names;
}

function uniqueName(base: string, taken: Set<string>): string {
  let candidate = base;
  for (let suffix = 1; taken.has(candidate); suffix++) candidate = `${base}_${suffix}`;
  taken.add(candidate);
  return candidate;
}

/**
 * Exposes a value produced inside an If branch through the If node: the value becomes an output of
 * its branch, the other branch outputs an empty tensor ([0]) of the same element type, and the If
 * gets a new output. Returns the name of that new output in the graph that contains the If.
 */
function liftOutOfIf(ifNode: NodeProto, branch: GraphProto, valueName: string, elementType: number, taken: Set<string>): string {
  if (ifNode.opType !== 'If') throw new Error(`Value "${valueName}" is produced inside a ${ifNode.opType} subgraph; only If branches are supported.`);
  const elementTypeName = elementTypeOf(elementType);
  if (elementTypeName === undefined) throw new Error(`Value "${valueName}" has element type ${elementType}, which has no placeholder tensor.`);

  for (const attribute of ifNode.attribute) {
    const subgraph = attribute.g;
    if (subgraph === undefined) continue;
    if (subgraph === branch) {
      subgraph.output.push(outputValueInfo(valueName, elementType));
      continue;
    }
    const placeholder = uniqueName(`${valueName}_not_computed`, taken);
    subgraph.node.push(
      create(NodeProtoSchema, {
        name: uniqueName(`${placeholder}_Constant`, taken),
        opType: 'Constant',
        output: [placeholder],
        attribute: [toAttributeProto('value', { type: 'tensor', value: emptyTensor('', elementTypeName) })],
      }),
    );
    subgraph.output.push(outputValueInfo(placeholder, elementType));
  }

  const lifted = uniqueName(`${valueName}_from_${ifNode.name || 'If'}`, taken);
  ifNode.output.push(lifted);
  return lifted;
}

/**
 * Adds graph outputs for the named values of a serialized model and reports the output name of
 * each. Values in the main graph keep their names. Values inside If branches (nested at any depth)
 * are passed out through the If nodes, and in a run where their branch is not taken they come back as
 * empty tensors. Outputs carry the inferred element type and no shape. The input bytes are not changed.
 */
export function addExtraOutputs(bytes: Uint8Array, names: readonly string[]): ExtraOutputsResult {
  const model = fromBinary(ModelProtoSchema, bytes);
  const graph = model.graph;
  if (graph === undefined) throw new Error('The model has no graph.');

  const types = inferElementTypes(model);
  const taken = collectValueNames(model);
  const outputNames = new Map<string, string>();
  const mainGraphValues = new Set([...graph.input.map((value) => value.name), ...graph.initializer.map((tensor) => tensor.name)]);

  for (const name of names) {
    if (outputNames.has(name)) continue;
    if (graph.output.some((output) => output.name === name)) {
      outputNames.set(name, name);
      continue;
    }

    const producer = findProducer(model, name);
    if (producer === undefined && !mainGraphValues.has(name)) throw new Error(`No value named "${name}" in the model.`);

    let exposed = name;
    if (producer !== undefined && producer.graphs.length > 1) {
      const elementType = types.get(name);
      if (elementType === undefined) throw new Error(`Cannot infer the element type of "${name}", which an If branch must declare.`);
      // Walk outwards from the innermost branch to the main graph.
      for (let depth = producer.graphs.length - 1; depth >= 1; depth--) {
        const branch = producer.graphs[depth];
        const owner = producer.owners[depth - 1];
        if (branch === undefined || owner === undefined) throw new Error(`Lost track of the subgraph that produces "${name}".`);
        exposed = liftOutOfIf(owner, branch, exposed, elementType, taken);
      }
    }

    graph.output.push(outputValueInfo(exposed, types.get(name)));
    outputNames.set(name, exposed);
  }

  return { bytes: toBinary(ModelProtoSchema, model), outputNames };
}

/** Returns a copy of the model with the named values added as graph outputs (see addExtraOutputs). */
export function withExtraOutputs(bytes: Uint8Array, names: readonly string[]): Uint8Array {
  return addExtraOutputs(bytes, names).bytes;
}
