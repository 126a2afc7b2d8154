/** This package's version, recorded in patched models. A test keeps it equal to package.json's. */
export const PACKAGE_VERSION = '0.1.0';
export const TOOL_NAME = '@multimax/onnx';
