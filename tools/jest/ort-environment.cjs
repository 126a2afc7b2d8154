// A jest environment for tests that run onnxruntime-node.
// onnxruntime-node creates output tensors in the host realm, outside jest's sandbox, so its
// `instanceof Float32Array` checks fail against the sandbox's constructors. Sharing the host's
// buffer and typed-array constructors with the sandbox makes both realms agree.
const NodeEnvironment = require('jest-environment-node').TestEnvironment;

const SHARED_CONSTRUCTORS = [
  'ArrayBuffer', 'SharedArrayBuffer', 'DataView',
  'Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array',
  'Int32Array', 'Uint32Array', 'Float32Array', 'Float64Array', 'BigInt64Array', 'BigUint64Array',
];

class OrtEnvironment extends NodeEnvironment {
  constructor(config, context) {
    super(config, context);
    for (const name of SHARED_CONSTRUCTORS) {
      if (globalThis[name] !== undefined) this.global[name] = globalThis[name];
    }
    if (globalThis.Float16Array !== undefined) this.global.Float16Array = globalThis.Float16Array;
  }
}

module.exports = OrtEnvironment;
