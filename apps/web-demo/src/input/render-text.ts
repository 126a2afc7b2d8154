// Renders a line of text as the OCR demo renders its samples: black text on white, 32 px, 8 px margin.
import { requireContext } from '../render/heatmap';

/**
 * Font of the rendered line. DejaVu Sans is the font of the OCR demo's samples. Browsers without it
 * fall back to Verdana or their sans-serif font, and the recognized text may then differ.
 */
export const TEXT_FONT = '32px "DejaVu Sans", Verdana, sans-serif';

/** Margin around the text, in pixels. */
export const TEXT_MARGIN = 8;

/** Renders `text` on one line into a new canvas sized to the text plus the margin. */
export function renderTextLine(text: string): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  const measuring = requireContext(canvas);
  measuring.font = TEXT_FONT;
  const metrics = measuring.measureText(text);

  const ascent = Math.ceil(metrics.fontBoundingBoxAscent);
  const descent = Math.ceil(metrics.fontBoundingBoxDescent);
  canvas.width = Math.max(1, Math.ceil(metrics.width) + 2 * TEXT_MARGIN);
  canvas.height = ascent + descent + 2 * TEXT_MARGIN;

  // Resizing the canvas resets its context state, so the font is set again.
  const context = requireContext(canvas);
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.fillStyle = '#000000';
  context.font = TEXT_FONT;
  context.textBaseline = 'alphabetic';
  context.fillText(text, TEXT_MARGIN, TEXT_MARGIN + ascent);
  return canvas;
}
