// Small triangles, one per map, that show where the map sends a whole grid of scores.
import { requireContext } from '../render/heatmap';
import { markerPath, SIMPLEX_CORNERS, simplexToPlane } from './geometry';
import type { SimplexMapping } from './mappings';

/** Side of each small triangle and the margin around it, in canvas pixels. */
const SIDE = 200;
const MARGIN = 12;

/**
 * Draws the images of the grid as translucent dots in the map's colour, and the image of the
 * current scores as the map's marker, into `canvas`.
 */
export function drawGridImages(canvas: HTMLCanvasElement, mapping: SimplexMapping, images: readonly ArrayLike<number>[], current: ArrayLike<number>): void {
  canvas.width = SIDE + 2 * MARGIN;
  canvas.height = Math.ceil(SIDE * (Math.sqrt(3) / 2) + 2 * MARGIN);
  const context = requireContext(canvas);
  const toCanvas = (x: number, y: number) => ({ x: MARGIN + x * SIDE, y: MARGIN + y * SIDE });

  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, canvas.width, canvas.height);

  context.beginPath();
  SIMPLEX_CORNERS.forEach((corner, i) => {
    const point = toCanvas(corner.x, corner.y);
    if (i === 0) context.moveTo(point.x, point.y);
    else context.lineTo(point.x, point.y);
  });
  context.closePath();
  context.strokeStyle = '#555555';
  context.lineWidth = 1;
  context.stroke();

  context.fillStyle = mapping.color;
  context.globalAlpha = 0.35;
  for (const image of images) {
    const point = simplexToPlane(image);
    const position = toCanvas(point.x, point.y);
    context.fillRect(position.x - 1, position.y - 1, 2, 2);
  }

  context.globalAlpha = 1;
  const point = simplexToPlane(current);
  const position = toCanvas(point.x, point.y);
  const marker = new Path2D(markerPath(mapping.marker, position.x, position.y, 6));
  context.fill(marker);
  context.strokeStyle = '#000000';
  context.stroke(marker);
}
