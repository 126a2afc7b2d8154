// Renders one line of text to a PNG image, as a stand-in for a text line cropped by a detector.
import sharp from 'sharp';

import { FONT_PATH } from './paths.js';

export interface RenderOptions {
  /** Font size in points. sharp renders at 72 dpi here, so points equal pixels. */
  fontSize?: number;
  /** White margin around the text, in pixels. */
  padding?: number;
}

const DEFAULT_FONT_SIZE = 32;
const DEFAULT_PADDING = 8;

/**
 * Renders `text` in black DejaVu Sans on white and returns PNG bytes.
 *
 * NOTE: DejaVu Sans has no CJK glyphs, so Chinese text renders as boxes with hexadecimal code points.
 */
export async function renderTextLine(text: string, options: RenderOptions = {}): Promise<Buffer> {
  const fontSize = options.fontSize ?? DEFAULT_FONT_SIZE;
  const padding = options.padding ?? DEFAULT_PADDING;

  // sharp reads `text` as Pango markup, so markup characters must be escaped.
  const glyphs = sharp({
    text: { text: escapeMarkup(text), font: `DejaVu Sans ${fontSize}`, fontfile: FONT_PATH, dpi: 72, rgba: true },
  });

  return glyphs
    .extend({ top: padding, bottom: padding, left: padding, right: padding, background: { r: 0, g: 0, b: 0, alpha: 0 } })
    .flatten({ background: '#ffffff' })
    .png()
    .toBuffer();
}

/** Escapes the characters that Pango markup, which sharp's text input reads, treats as markup. */
export function escapeMarkup(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
