// Node-only entry of @multimax/onnx: file IO with atomic writes and external data checks.
export { type AtomicWriteFileSystem, type LoadedModel, readModelFile, resolveExternalLocation, type WriteModelOptions, writeAtomically, writeModelFile } from './files.js';
