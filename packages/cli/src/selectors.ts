import type { TargetSelector } from '@multimax/core';

import { UsageError } from './errors.js';

/**
 * Parses a --select value: `attention`, `output`, `attention:2` (kind and layer) or `node:NAME`.
 */
export function parseSelector(text: string): TargetSelector {
  if (text.startsWith('node:') && text.length > 'node:'.length) return { node: text.slice('node:'.length) };

  const match = /^(attention|output)(?::(\d+))?$/.exec(text);
  if (match === null) throw new UsageError(`invalid --select ${JSON.stringify(text)}; use attention, output, attention:LAYER, output:LAYER or node:NAME`);
  const kind = match[1] as 'attention' | 'output';
  return match[2] === undefined ? { kind } : { kind, layer: Number(match[2]) };
}
