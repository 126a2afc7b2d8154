const path = require('node:path');

const preset = require('../../tools/jest/preset.cjs')(__dirname, { ort: true });

// The WebGPU tests run on SwiftShader where no GPU is present (see test/setup/software-webgpu.cjs).
module.exports = { ...preset, testEnvironment: path.join(__dirname, 'test/setup/webgpu-environment.cjs') };
