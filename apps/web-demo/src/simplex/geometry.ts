// Places probability triples in an equilateral triangle, the 2-simplex, and draws marker shapes.
import type { MarkerShape } from './mappings';

export interface PlanePoint {
  x: number;
  y: number;
}

/** Height of the triangle of side 1. */
export const TRIANGLE_HEIGHT = Math.sqrt(3) / 2;

/**
 * Corners of a triangle of side 1 with y pointing down, as in SVG and canvas: p = (1, 0, 0) at the
 * bottom left, (0, 1, 0) at the bottom right and (0, 0, 1) at the top.
 */
export const SIMPLEX_CORNERS: readonly [PlanePoint, PlanePoint, PlanePoint] = [
  { x: 0, y: TRIANGLE_HEIGHT },
  { x: 1, y: TRIANGLE_HEIGHT },
  { x: 0.5, y: 0 },
];

/** Maps probabilities (p1, p2, p3) to their point in the triangle of side 1: the p-weighted mean of the corners. */
export function simplexToPlane(probabilities: ArrayLike<number>): PlanePoint {
  let x = 0;
  let y = 0;
  SIMPLEX_CORNERS.forEach((corner, i) => {
    const weight = probabilities[i] as number;
    x += weight * corner.x;
    y += weight * corner.y;
  });
  return { x, y };
}

/** Returns an SVG path (also valid for canvas Path2D) of a marker centred at (x, y) with radius r. */
export function markerPath(shape: MarkerShape, x: number, y: number, r: number): string {
  const polygon = (points: [number, number][]) => `M${points.map(([px, py]) => `${round(x + px)},${round(y + py)}`).join('L')}Z`;

  switch (shape) {
    case 'circle':
      return `M${round(x - r)},${round(y)}A${r},${r} 0 1 0 ${round(x + r)},${round(y)}A${r},${r} 0 1 0 ${round(x - r)},${round(y)}Z`;
    case 'square':
      return polygon([
        [-r * 0.85, -r * 0.85],
        [r * 0.85, -r * 0.85],
        [r * 0.85, r * 0.85],
        [-r * 0.85, r * 0.85],
      ]);
    case 'diamond':
      return polygon([
        [0, -r * 1.15],
        [r, 0],
        [0, r * 1.15],
        [-r, 0],
      ]);
    case 'triangle-up':
      return polygon([
        [0, -r * 1.1],
        [r, r * 0.8],
        [-r, r * 0.8],
      ]);
    case 'triangle-down':
      return polygon([
        [0, r * 1.1],
        [r, -r * 0.8],
        [-r, -r * 0.8],
      ]);
    case 'star': {
      const points: [number, number][] = [];
      for (let i = 0; i < 10; i++) {
        const radius = i % 2 === 0 ? r * 1.25 : r * 0.5;
        const angle = -Math.PI / 2 + (i * Math.PI) / 5;
        points.push([radius * Math.cos(angle), radius * Math.sin(angle)]);
      }
      return polygon(points);
    }
  }
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
