import { create } from '@bufbuild/protobuf';

import type { FunctionProto, ModelProto, NodeProto } from '../io/proto.js';
import { FunctionProtoSchema, NodeProtoSchema, OperatorSetIdProtoSchema } from '../io/proto.js';
import type { NameGenerator } from '../ir/names.js';
import type { EmittedModulator } from './modulator.js';

/** The domain of the model-local functions that hold σ. */
export const FUNCTION_DOMAIN = 'ai.multimax';
/** The lowest default-domain opset for which σ is offered as a function. */
export const MIN_FUNCTION_OPSET = 18;

/**
 * Moves an emitted σ into a model-local function and returns the one node that calls it. The
 * function takes x and σ's constants as inputs, so sites with the same structure (order, nonzero
 * terms, guard) share one function, and the constants stay initializers of the graph.
 */
export function wrapInFunction(model: ModelProto, emitted: EmittedModulator, input: string, prefix: string, opset: number, names: NameGenerator): NodeProto {
  const constants = emitted.initializers.map((tensor) => tensor.name);
  const local = new Map<string, string>([[input, 'x'], ...constants.map((name, index): [string, string] => [name, `c${index}`])]);
  const localName = (name: string) => {
    let mapped = local.get(name);
    if (mapped === undefined) {
      mapped = name === emitted.output ? 'y' : `t${local.size}`;
      local.set(name, mapped);
    }
    return mapped;
  };

  const body = emitted.nodes.map((node, index) =>
    create(NodeProtoSchema, {
      opType: node.opType,
      domain: node.domain,
      name: `n${index}`,
      input: node.input.map(localName),
      output: node.output.map(localName),
      attribute: node.attribute,
    }),
  );

  // The body's ops, wiring and attribute values identify it: sites that differ only in their
  // initializers share a function, while a different attribute (a LeakyRelu slope, say) gets its own.
  const signature = body.map((node) => `${node.opType}(${node.input.join(',')})${node.attribute.map(describeAttribute).join('')}`).join(';');
  const name = `Modulator_${fnv1a(`${opset}|${signature}`)}`;

  if (!model.functions.some((fn) => fn.name === name && fn.domain === FUNCTION_DOMAIN)) {
    const fn: FunctionProto = create(FunctionProtoSchema, {
      name,
      domain: FUNCTION_DOMAIN,
      input: ['x', ...constants.map((_, index) => `c${index}`)],
      output: ['y'],
      node: body,
      opsetImport: [create(OperatorSetIdProtoSchema, { domain: '', version: BigInt(opset) })],
      docString: 'MultiMax modulator σ; inserted by @multimax/onnx.',
    });
    model.functions.push(fn);
  }
  if (!model.opsetImport.some((entry) => entry.domain === FUNCTION_DOMAIN)) {
    model.opsetImport.push(create(OperatorSetIdProtoSchema, { domain: FUNCTION_DOMAIN, version: 1n }));
  }

  return create(NodeProtoSchema, { opType: name, domain: FUNCTION_DOMAIN, name: names.unique(`${prefix}/${name}`), input: [input, ...constants], output: [emitted.output] });
}

/** Removes σ functions no node calls any more, and their opset import when none is left. */
export function removeUnusedFunctions(model: ModelProto, calledNames: ReadonlySet<string>): void {
  model.functions = model.functions.filter((fn) => fn.domain !== FUNCTION_DOMAIN || calledNames.has(fn.name));
  if (!model.functions.some((fn) => fn.domain === FUNCTION_DOMAIN)) {
    model.opsetImport = model.opsetImport.filter((entry) => entry.domain !== FUNCTION_DOMAIN);
  }
}

function describeAttribute(attribute: NodeProto['attribute'][number]): string {
  return `[${attribute.name}=${attribute.type}:${attribute.i}:${attribute.f}:${attribute.ints.join(',')}:${attribute.floats.join(',')}]`;
}

/** 32-bit FNV-1a hash as 8 hex digits: a short, stable name suffix, not a security measure. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}
