import * as vega from 'vega';
import * as vegaLite from 'vega-lite';
import type { TopLevelSpec } from 'vega-lite';

/** A picture of one section's results, saved as `<name>.svg` beside the report. */
export interface Chart {
  /** File name without extension, e.g. `patching`. */
  name: string;
  /** Alt text and heading of the picture. */
  title: string;
  spec: TopLevelSpec;
}

/** One bar: `value` for `series` within `group`. */
export interface BarDatum {
  group: string;
  series: string;
  value: number;
}

export interface BarChartOptions {
  title: string;
  valueTitle: string;
  bars: readonly BarDatum[];
  /** The value at which bars start, 0 unless set (1 suits ratios); smaller values point left of it. */
  baseline?: number;
  /** A vertical line that marks a target. */
  target?: { value: number; label: string };
}

/** Renders a Vega-Lite spec to SVG text, without a browser or a canvas. */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(vegaLite.compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/**
 * Describes horizontal bars, one row per group and one bar per series within it, in the order the
 * bars are given, starting at `baseline`, with an optional target line.
 */
export function barChart(options: BarChartOptions): TopLevelSpec {
  const groups = [...new Set(options.bars.map((bar) => bar.group))];
  const series = [...new Set(options.bars.map((bar) => bar.series))];
  const baseline = options.baseline ?? 0;
  const bars = {
    mark: { type: 'bar' as const, tooltip: true },
    encoding: {
      y: { field: 'group', type: 'nominal' as const, sort: groups, title: null, axis: { labelLimit: 320 } },
      yOffset: { field: 'series', type: 'nominal' as const, sort: series },
      x: { field: 'value', type: 'quantitative' as const, title: options.valueTitle, scale: { zero: baseline === 0 } },
      x2: { datum: baseline },
      color: { field: 'series', type: 'nominal' as const, sort: series, title: null, legend: { orient: 'bottom' as const, direction: 'vertical' as const, labelLimit: 480 } },
    },
  };
  const layers: object[] = [bars];
  if (options.target !== undefined) {
    layers.push({
      data: { values: [{ value: options.target.value, label: options.target.label }] },
      layer: [
        { mark: { type: 'rule', color: '#d62728', strokeDash: [4, 3] }, encoding: { x: { field: 'value', type: 'quantitative' } } },
        { mark: { type: 'text', color: '#d62728', align: 'left', dx: 4, baseline: 'top', y: 0 }, encoding: { x: { field: 'value', type: 'quantitative' }, text: { field: 'label' } } },
      ],
    });
  }

  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: options.title,
    background: 'white',
    width: 520,
    height: { step: 14 },
    data: { values: options.bars.map((bar) => ({ ...bar })) },
    layer: layers,
  } as TopLevelSpec;
}
