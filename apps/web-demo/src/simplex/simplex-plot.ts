// The main simplex plot: a triangle in SVG with one marker per map for the current scores.
import { formatProbability } from '../render/format';
import { markerPath, SIMPLEX_CORNERS, simplexToPlane, TRIANGLE_HEIGHT } from './geometry';
import type { SimplexMapping } from './mappings';

const SVG_NAMESPACE = 'http://www.w3.org/2000/svg';

/** Side of the triangle and margin around it, in CSS pixels. */
const SIDE = 420;
const MARGIN = 36;

/** One map's image of the current scores. */
export interface MappedPoint {
  mapping: SimplexMapping;
  probabilities: Float64Array;
}

/** Builds the plot as a new SVG element, described for screen readers by its title and desc. */
export function renderSimplexPlot(points: readonly MappedPoint[]): SVGSVGElement {
  const width = SIDE + 2 * MARGIN;
  const height = SIDE * TRIANGLE_HEIGHT + 2 * MARGIN;
  const svg = document.createElementNS(SVG_NAMESPACE, 'svg');
  setAttributes(svg, { viewBox: `0 0 ${width} ${height}`, width: String(width), height: String(height), role: 'img', 'aria-labelledby': 'simplex-plot-title simplex-plot-desc' });

  const title = svgElement('title', { id: 'simplex-plot-title' });
  title.textContent = 'The scores mapped to the probability simplex by each map';
  const description = svgElement('desc', { id: 'simplex-plot-desc' });
  description.textContent = points
    .map(({ mapping, probabilities }) => `${mapping.label}: ${Array.from(probabilities, formatProbability).join(', ')}`)
    .join('; ');
  svg.append(title, description);

  const toSvg = (x: number, y: number) => ({ x: MARGIN + x * SIDE, y: MARGIN + y * SIDE });
  const corners = SIMPLEX_CORNERS.map((corner) => toSvg(corner.x, corner.y));
  svg.append(svgElement('polygon', { points: corners.map((corner) => `${corner.x},${corner.y}`).join(' '), class: 'simplex-triangle' }));

  const cornerLabels = ['p1 = 1', 'p2 = 1', 'p3 = 1'];
  const labelOffsets = [
    { dx: -4, dy: 22, anchor: 'start' },
    { dx: 4, dy: 22, anchor: 'end' },
    { dx: 0, dy: -10, anchor: 'middle' },
  ];
  corners.forEach((corner, i) => {
    const offset = labelOffsets[i];
    if (offset === undefined) return;
    const label = svgElement('text', { x: String(corner.x + offset.dx), y: String(corner.y + offset.dy), 'text-anchor': offset.anchor, class: 'simplex-label' });
    label.textContent = cornerLabels[i] ?? '';
    svg.append(label);
  });

  const centre = toSvg(0.5, TRIANGLE_HEIGHT * (2 / 3));
  svg.append(svgElement('circle', { cx: String(centre.x), cy: String(centre.y), r: '2', class: 'simplex-centre' }));

  for (const { mapping, probabilities } of points) {
    const point = simplexToPlane(probabilities);
    const position = toSvg(point.x, point.y);
    const marker = svgElement('path', { d: markerPath(mapping.marker, position.x, position.y, 7), fill: mapping.color, class: 'simplex-marker', 'data-mapping': mapping.id });
    svg.append(marker);
  }
  return svg;
}

function svgElement(tag: string, attributes: Record<string, string>): Element {
  const element = document.createElementNS(SVG_NAMESPACE, tag);
  setAttributes(element, attributes);
  return element;
}

function setAttributes(element: Element, attributes: Record<string, string>): void {
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
}
