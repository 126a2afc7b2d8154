// Draws attention maps and the colour bar into canvases, one canvas pixel per map entry; CSS scales
// the canvas up without smoothing.
import type { AttentionMap } from './attention-map';
import { probabilityToColorScale, viridis } from '@multimax/ppocr';

/**
 * Returns RGBA pixels of a map, coloured by viridis on the log scale of probabilityToColorScale.
 * Query positions run top to bottom and key positions left to right.
 */
export function heatmapPixels(map: AttentionMap): Uint8ClampedArray<ArrayBuffer> {
  const pixels = new Uint8ClampedArray(new ArrayBuffer(map.queries * map.keys * 4));
  for (let index = 0; index < map.values.length; index++) {
    const [red, green, blue] = viridis(probabilityToColorScale(map.values[index] as number));
    pixels.set([red, green, blue, 255], index * 4);
  }
  return pixels;
}

/** Draws a map into `canvas`, resizing the canvas to keys × queries pixels. */
export function drawHeatmap(canvas: HTMLCanvasElement, map: AttentionMap): void {
  canvas.width = map.keys;
  canvas.height = map.queries;
  requireContext(canvas).putImageData(new ImageData(heatmapPixels(map), map.keys, map.queries), 0, 0);
}

/** Draws the colour scale as a horizontal bar, from 0 at the left edge to 1 at the right edge. */
export function drawColorBar(canvas: HTMLCanvasElement, width: number): void {
  canvas.width = width;
  canvas.height = 1;
  const pixels = new Uint8ClampedArray(new ArrayBuffer(width * 4));
  for (let x = 0; x < width; x++) {
    const [red, green, blue] = viridis(width === 1 ? 0 : x / (width - 1));
    pixels.set([red, green, blue, 255], x * 4);
  }
  requireContext(canvas).putImageData(new ImageData(pixels, width, 1), 0, 0);
}

/** Returns the 2D context of a canvas; throws when the browser cannot create one. */
export function requireContext(canvas: HTMLCanvasElement): CanvasRenderingContext2D {
  const context = canvas.getContext('2d');
  if (context === null) throw new Error('this browser cannot create a 2D canvas context');
  return context;
}
