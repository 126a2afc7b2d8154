// Prints, as JSON, whether onnxruntime-node gets a WebGPU adapter and whether the adapter runs
// float16 kernels (shader-f16), by creating and running the float16 model given as argument.
// It runs in a child process so that a test file can decide which tests to skip before they start.
const { prepareSoftwareWebGpu } = require('../setup/software-webgpu.cjs');

prepareSoftwareWebGpu();
const ort = require('onnxruntime-node');

/** Zero-filled feeds for every input, with symbolic dimensions set to 1. */
function zeroFeeds(session) {
  const feeds = {};
  for (const input of session.inputMetadata) {
    const dims = input.shape.map((dim) => (typeof dim === 'number' ? dim : 1));
    const size = dims.reduce((count, dim) => count * dim, 1);
    feeds[input.name] = new ort.Tensor(input.type, zeros(input.type, size), dims);
  }
  return feeds;
}

/** A zero-filled typed array for an onnxruntime tensor type; float16 data is float16 bits. */
function zeros(type, size) {
  switch (type) {
    case 'int64':
      return new BigInt64Array(size);
    case 'float16':
      return new Uint16Array(size);
    case 'bool':
      return new Uint8Array(size);
    default:
      return new Float32Array(size);
  }
}

async function probe(modelPath) {
  let session;
  try {
    session = await ort.InferenceSession.create(modelPath, { executionProviders: ['webgpu'], logSeverityLevel: 4 });
  } catch (error) {
    return { adapter: false, shaderF16: false, reason: error.message };
  }
  try {
    await session.run(zeroFeeds(session));
    return { adapter: true, shaderF16: true, reason: '' };
  } catch (error) {
    return { adapter: true, shaderF16: false, reason: error.message };
  } finally {
    await session.release();
  }
}

probe(process.argv[2]).then((result) => process.stdout.write(JSON.stringify(result)));
