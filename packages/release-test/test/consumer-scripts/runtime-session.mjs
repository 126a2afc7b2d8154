// Creates a MultiMax session on the CPU with @multimax/runtime-node, runs it once and prints the
// device, the number of patched Softmax nodes and the output shapes as JSON.
// Arguments: model path, inputs file (the `multimax verify --inputs` format), params as JSON.
import { readFileSync } from 'node:fs';

import { createSession } from '@multimax/runtime-node';
import { Tensor } from 'onnxruntime-node';

const [modelPath, inputsPath, paramsJson] = process.argv.slice(2);

const inputs = JSON.parse(readFileSync(inputsPath, 'utf8'));
const feeds = {};
for (const [name, input] of Object.entries(inputs)) {
  if (input.type !== 'int64') throw new Error(`input ${name}: only int64 inputs are supported here, got ${input.type}`);
  feeds[name] = new Tensor('int64', BigInt64Array.from(input.data, BigInt), input.dims);
}

const { session, device, patch } = await createSession(modelPath, { params: JSON.parse(paramsJson), device: 'cpu' });
const outputs = await session.run(feeds);
await session.release();

const outputDims = Object.fromEntries(Object.entries(outputs).map(([name, tensor]) => [name, tensor.dims]));
console.log(JSON.stringify({ device, patched: patch.patched, outputDims }));
