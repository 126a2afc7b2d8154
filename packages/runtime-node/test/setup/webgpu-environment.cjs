// The repository's onnxruntime jest environment, with SwiftShader prepared for WebGPU first.
// It runs in the host realm of each test process, so the variables it sets reach native code. Test
// files see a copy of process.env, and native code never reads changes to that copy.
const OrtEnvironment = require('../../../../tools/jest/ort-environment.cjs');
const { prepareSoftwareWebGpu } = require('./software-webgpu.cjs');

class WebGpuEnvironment extends OrtEnvironment {
  constructor(config, context) {
    prepareSoftwareWebGpu();
    super(config, context);
  }
}

module.exports = WebGpuEnvironment;
