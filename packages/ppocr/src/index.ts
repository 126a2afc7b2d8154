// Browser-safe helpers for the PP-OCRv4 recognizer, shared by apps/ocr-demo (Node) and apps/web-demo.
export { COLOR_SCALE_MIN, probabilityToColorScale, type Rgb, viridis } from './colormap.js';
export { CTC_BLANK, decodeGreedy, parseCharacterList } from './ctc.js';
