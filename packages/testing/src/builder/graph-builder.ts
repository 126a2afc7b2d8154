import { clone, create } from '@bufbuild/protobuf';
import {
  type GraphProto,
  GraphProtoSchema,
  type NodeProto,
  NodeProtoSchema,
  type TensorProto,
  TensorProtoSchema,
  type ValueInfoProto,
} from 'onnx-buf';
import { type AttributeValue, attr, toAttributeProto } from './attribute.js';
import type { ElementType } from './element-type.js';
import type { NameRegistry } from './names.js';
import { boolTensor, float16Tensor, float32Tensor, int64Tensor } from './tensor.js';
import { type Dim, tensorValueInfo } from './value-info.js';

/** State shared by a model's main graph and all its subgraphs. */
export interface GraphBuildContext {
  names: NameRegistry;
  /** Opset version per domain ('' is the default ONNX domain); shape-op helpers pick their form from it. */
  opsets: Map<string, number>;
}

export interface NodeOptions {
  /** Node name; generated from the naming style and current scope when omitted. */
  name?: string;
  /** Output value names; generated when omitted. */
  outputs?: readonly string[];
  /** Number of outputs to generate when `outputs` is omitted (default 1). */
  outputCount?: number;
  /** Operator domain, '' (ai.onnx) by default. */
  domain?: string;
  attributes?: Readonly<Record<string, AttributeValue>>;
}

/** A node added to a graph: its name and output value names. */
export interface BuiltNode {
  name: string;
  outputs: string[];
}

/** Builds one GraphProto. Subgraphs (If branches) come from `createSubgraph` and share the model's name registry. */
export class GraphBuilder {
  private readonly nodes: NodeProto[] = [];
  private readonly inputs: ValueInfoProto[] = [];
  private readonly outputs: ValueInfoProto[] = [];
  private readonly valueInfos: ValueInfoProto[] = [];
  private readonly initializers: TensorProto[] = [];
  private readonly scopeSegments: string[] = [];

  constructor(
    readonly name: string,
    private readonly context: GraphBuildContext,
  ) {}

  /** Opset version of the default ONNX domain. */
  get opset(): number {
    const version = this.context.opsets.get('');
    if (version === undefined) throw new Error('The model imports no default-domain opset; call ModelBuilder.setOpset("", version) first.');
    return version;
  }

  /** The current module scope, e.g. "/bert/encoder/layer.0", or "" at the top. */
  get scope(): string {
    return this.scopeSegments.map((segment) => `/${segment}`).join('');
  }

  /** Runs `build` with `segment` appended to the scope, the way torch names nodes after the module path. */
  inScope<T>(segment: string, build: () => T): T {
    this.scopeSegments.push(segment);
    try {
      return build();
    } finally {
      this.scopeSegments.pop();
    }
  }

  /** Returns true when the value name is taken anywhere in the model. */
  hasValue(name: string): boolean {
    return this.context.names.hasValue(name);
  }

  addInput(name: string, elementType: ElementType, shape: readonly Dim[]): string {
    this.inputs.push(tensorValueInfo(this.context.names.claimValue(name), elementType, shape));
    return name;
  }

  /** Declares a graph output. The value must be produced by a node of this graph (or be an input or initializer). */
  addOutput(name: string, elementType: ElementType, shape?: readonly Dim[]): string {
    this.outputs.push(tensorValueInfo(name, elementType, shape));
    return name;
  }

  /** Records the type and shape of an intermediate value, as shape inference would. */
  addValueInfo(name: string, elementType: ElementType, shape?: readonly Dim[]): void {
    this.valueInfos.push(tensorValueInfo(name, elementType, shape));
  }

  addInitializer(tensor: TensorProto): string {
    this.context.names.claimValue(tensor.name);
    this.initializers.push(tensor);
    return tensor.name;
  }

  addFloat32Initializer(name: string, dims: readonly number[], values: ArrayLike<number>): string {
    return this.addInitializer(float32Tensor(name, dims, values));
  }

  /** Adds a float16 initializer from float16 bit patterns. */
  addFloat16Initializer(name: string, dims: readonly number[], bits: ArrayLike<number>): string {
    return this.addInitializer(float16Tensor(name, dims, bits));
  }

  addInt64Initializer(name: string, dims: readonly number[], values: BigInt64Array | readonly (number | bigint)[]): string {
    return this.addInitializer(int64Tensor(name, dims, values));
  }

  addBoolInitializer(name: string, dims: readonly number[], values: ArrayLike<boolean | number>): string {
    return this.addInitializer(boolTensor(name, dims, values));
  }

  /** Adds a node. Inputs may be '' for omitted optional inputs. */
  node(opType: string, inputs: readonly string[], options: NodeOptions = {}): BuiltNode {
    const names = this.context.names;
    const nodeName = options.name === undefined ? names.generateNodeName(this.scope, opType) : names.claimNode(options.name);

    let outputs: string[];
    if (options.outputs !== undefined) {
      outputs = options.outputs.map((output) => names.claimValue(output));
    } else {
      const count = options.outputCount ?? 1;
      outputs = [];
      for (let index = 0; index < count; index++) outputs.push(names.generateOutputName(nodeName, index));
    }

    const attributes = Object.entries(options.attributes ?? {}).map(([name, value]) => toAttributeProto(name, value));
    this.nodes.push(
      create(NodeProtoSchema, {
        name: nodeName,
        opType,
        domain: options.domain ?? '',
        input: [...inputs],
        output: outputs,
        attribute: attributes,
      }),
    );
    return { name: nodeName, outputs };
  }

  /** Adds a single-output node and returns its output name. */
  op(opType: string, inputs: readonly string[], attributes?: Readonly<Record<string, AttributeValue>>, options: Omit<NodeOptions, 'attributes'> = {}): string {
    const output = this.node(opType, inputs, { ...options, attributes, outputCount: 1 }).outputs[0];
    if (output === undefined) throw new Error(`Node ${opType} was built without an output.`);
    return output;
  }

  /** Adds a Constant node holding `tensor` (its name is ignored) and returns the output name. */
  constant(tensor: TensorProto, options: Omit<NodeOptions, 'attributes'> = {}): string {
    const value = clone(TensorProtoSchema, tensor);
    value.name = '';
    return this.op('Constant', [], { value: attr.tensor(value) }, options);
  }

  /** Adds a float32 Constant; a single number becomes a scalar (dims []). */
  constantFloat32(values: number | readonly number[], dims?: readonly number[]): string {
    const data = typeof values === 'number' ? [values] : values;
    return this.constant(float32Tensor('', dims ?? (typeof values === 'number' ? [] : [data.length]), data));
  }

  /** Adds a float16 Constant from float16 bit patterns; a single number becomes a scalar. */
  constantFloat16Bits(bits: number | readonly number[], dims?: readonly number[]): string {
    const data = typeof bits === 'number' ? [bits] : bits;
    return this.constant(float16Tensor('', dims ?? (typeof bits === 'number' ? [] : [data.length]), data));
  }

  /** Adds an int64 Constant; a single number becomes a scalar (dims []). */
  constantInt64(values: number | bigint | readonly (number | bigint)[], dims?: readonly number[]): string {
    const data = typeof values === 'number' || typeof values === 'bigint' ? [values] : values;
    const isScalar = typeof values === 'number' || typeof values === 'bigint';
    return this.constant(int64Tensor('', dims ?? (isScalar ? [] : [data.length]), data));
  }

  /**
   * Renames a value produced in this graph and every use of it here, e.g. to give the last node of a
   * block the graph output name that torch assigns. Uses inside subgraphs are not rewritten.
   */
  renameValue(oldName: string, newName: string): string {
    this.context.names.claimValue(newName);
    for (const node of this.nodes) {
      node.input = node.input.map((input) => (input === oldName ? newName : input));
      node.output = node.output.map((output) => (output === oldName ? newName : output));
    }
    return newName;
  }

  /** Creates a builder for a subgraph (an If branch) that shares this model's names and opsets. */
  createSubgraph(name: string): GraphBuilder {
    return new GraphBuilder(name, this.context);
  }

  toProto(): GraphProto {
    return create(GraphProtoSchema, {
      name: this.name,
      node: [...this.nodes],
      input: [...this.inputs],
      output: [...this.outputs],
      valueInfo: [...this.valueInfos],
      initializer: [...this.initializers],
    });
  }
}
