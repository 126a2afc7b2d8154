import { AttributeProto_AttributeType, type GraphProto, type ModelProto, type NodeProto, TensorProto_DataType } from 'onnx-buf';

const BOOL_RESULT_OPS = new Set(['Equal', 'Less', 'LessOrEqual', 'Greater', 'GreaterOrEqual', 'Not', 'And', 'Or', 'Xor', 'IsNaN', 'IsInf']);
const INT64_RESULT_OPS = new Set(['Shape', 'Size', 'NonZero', 'ArgMax', 'ArgMin']);

function attributeInt(node: NodeProto, name: string): number | undefined {
  const attribute = node.attribute.find((candidate) => candidate.name === name);
  return attribute === undefined ? undefined : Number(attribute.i);
}

function constantElementType(node: NodeProto): number | undefined {
  for (const attribute of node.attribute) {
    if (attribute.name === 'value' && attribute.t !== undefined) return attribute.t.dataType;
    if (attribute.name === 'value_float' || attribute.name === 'value_floats') return TensorProto_DataType.FLOAT;
    if (attribute.name === 'value_int' || attribute.name === 'value_ints') return TensorProto_DataType.INT64;
  }
  return undefined;
}

/**
 * Output element types of one node from its inputs' types, for the operators the fixtures use
 * and most shape and elementwise operators. Returns undefined where the rules do not cover the node.
 */
function nodeOutputTypes(node: NodeProto, types: Map<string, number>): Array<number | undefined> {
  const inputType = (index: number) => types.get(node.input[index] ?? '');
  const firstKnownInput = () => node.input.map((input) => types.get(input)).find((type) => type !== undefined);
  const all = (type: number | undefined) => node.output.map(() => type);

  switch (node.opType) {
    case 'Constant':
      return all(constantElementType(node));
    case 'ConstantOfShape':
      return all(constantElementType(node) ?? TensorProto_DataType.FLOAT);
    case 'Cast':
      return all(attributeInt(node, 'to'));
    case 'CastLike':
      return all(inputType(1));
    case 'Where':
      return all(inputType(1) ?? inputType(2));
    case 'If': {
      const thenBranch = node.attribute.find((attribute) => attribute.name === 'then_branch' && attribute.type === AttributeProto_AttributeType.GRAPH)?.g;
      return node.output.map((_, index) => {
        const branchOutput = thenBranch?.output[index];
        const declared = branchOutput?.type?.value.case === 'tensorType' ? branchOutput.type.value.value.elemType : undefined;
        return declared ?? (branchOutput === undefined ? undefined : types.get(branchOutput.name));
      });
    }
    default:
      if (BOOL_RESULT_OPS.has(node.opType)) return all(TensorProto_DataType.BOOL);
      if (INT64_RESULT_OPS.has(node.opType)) return all(TensorProto_DataType.INT64);
      return all(firstKnownInput());
  }
}

function declaredTypes(graph: GraphProto, types: Map<string, number>): void {
  for (const valueInfo of [...graph.input, ...graph.valueInfo, ...graph.output]) {
    if (valueInfo.type?.value.case === 'tensorType' && valueInfo.type.value.value.elemType !== 0) {
      types.set(valueInfo.name, valueInfo.type.value.value.elemType);
    }
  }
  for (const initializer of graph.initializer) types.set(initializer.name, initializer.dataType);
}

function inferGraph(graph: GraphProto, types: Map<string, number>): void {
  declaredTypes(graph, types);

  // Repeat until nothing changes, because node lists need not be in topological order
  // (onnxconverter-common's float16 conversion appends its Cast nodes at the end).
  let changed = true;
  while (changed) {
    changed = false;
    for (const node of graph.node) {
      for (const attribute of node.attribute) {
        if (attribute.g !== undefined) changed = inferSubgraph(attribute.g, types) || changed;
        for (const subgraph of attribute.graphs) changed = inferSubgraph(subgraph, types) || changed;
      }
      nodeOutputTypes(node, types).forEach((type, index) => {
        const output = node.output[index];
        if (type === undefined || output === undefined || output === '' || types.get(output) === type) return;
        types.set(output, type);
        changed = true;
      });
    }
  }
}

function inferSubgraph(graph: GraphProto, types: Map<string, number>): boolean {
  const before = types.size;
  inferGraph(graph, types);
  return types.size !== before;
}

/**
 * Infers the element type (TensorProto.DataType code) of every value in the model, including values
 * inside If branches, from declared types and per-operator rules. Values the rules cannot type are absent.
 */
export function inferElementTypes(model: ModelProto): Map<string, number> {
  const types = new Map<string, number>();
  if (model.graph !== undefined) inferGraph(model.graph, types);
  return types;
}
