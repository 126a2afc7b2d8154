import { inspectModel, type ModelReport } from '@multimax/onnx';
import { readModelFile } from '@multimax/onnx/node';

import { formatNumbers, formatTable } from '../format.js';

export interface InspectOptions {
  json?: boolean;
}

/** Prints each Softmax of a model: where it is, what it looks like, and any MultiMax params in it. */
export async function runInspect(modelPath: string, options: InspectOptions, print: (text: string) => void): Promise<void> {
  const { model } = await readModelFile(modelPath);
  const report = inspectModel(model, modelPath);

  if (options.json) {
    print(JSON.stringify({ model: modelPath, ...report }, null, 2));
    return;
  }
  print(describeReport(modelPath, report));
}

function describeReport(modelPath: string, report: ModelReport): string {
  const opsets = Object.entries(report.opsets).map(([domain, version]) => `${domain} ${version}`).join(', ');
  const lines = [
    `${modelPath}: IR ${report.irVersion}, opsets ${opsets}${report.producer ? `, produced by ${report.producer}` : ''}`,
    report.patchedBy ? `patched by ${report.patchedBy}` : 'not patched with MultiMax',
    '',
  ];

  if (report.softmax.length === 0) {
    lines.push('No Softmax or LogSoftmax nodes.');
    return lines.join('\n');
  }

  const rows = report.softmax.map((site) => [
    String(site.index),
    site.name,
    site.op,
    String(site.axis),
    String(site.opset),
    `${site.kind} ${site.layer}`,
    site.pattern + (site.guarded ? ' (guarded)' : ''),
    site.elementType,
    site.feedingOps.join(','),
    site.consumingOps.join(','),
    site.multimax ? `ranges=${formatNumbers(site.multimax.ranges)} ts=${formatNumbers(site.multimax.ts)}${site.multimaxSource === 'inline' ? ' (inline)' : ''}` : '-',
  ]);
  lines.push(formatTable(['#', 'node', 'op', 'axis', 'opset', 'kind/layer', 'pattern', 'dtype', 'fed by', 'feeds', 'multimax'], rows));
  return lines.join('\n');
}
