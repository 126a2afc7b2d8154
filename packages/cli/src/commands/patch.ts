import { patchModel, type PlannedSite } from '@multimax/onnx';
import { readModelFile, writeModelFile } from '@multimax/onnx/node';

import { UsageError } from '../errors.js';
import { formatNumbers } from '../format.js';
import { readParamsFile } from '../params.js';

export interface PatchCommandOptions {
  output: string;
  params: string;
  guard?: 'auto' | 'always' | 'never';
}

/** Patches a model file with a params file and writes the result atomically; the input is never changed. */
export async function runPatch(modelPath: string, options: PatchCommandOptions, print: (text: string) => void): Promise<void> {
  if (options.guard !== undefined && !['auto', 'always', 'never'].includes(options.guard)) {
    throw new UsageError(`invalid --guard ${JSON.stringify(options.guard)}; use auto, always or never`);
  }

  const params = await readParamsFile(options.params);
  const loaded = await readModelFile(modelPath);
  const result = patchModel(loaded.model, params, { guard: options.guard ?? 'auto', source: modelPath });

  await writeModelFile(options.output, loaded.model, { sourcePath: loaded.path, externalData: loaded.externalData });

  for (const planned of result.plan) print(describeSite(planned));
  const replaced = result.replaced > 0 ? ` (replaced ${result.replaced} modulators of an earlier patch)` : '';
  print(`Patched ${result.patched} of ${result.plan.length} Softmax nodes${replaced}; wrote ${options.output}`);
}

function describeSite(planned: PlannedSite): string {
  const { site } = planned;
  const where = `${site.name} (${site.kind} ${site.layer}, ${site.pattern})`;
  if (planned.action === 'unmatched') return `  skipped   ${where}: no target in the params file selects it`;
  if (planned.action === 'identity') return `  skipped   ${where}: identity params (all ts are 0)`;
  const params = planned.params;
  const values = params ? `ranges=${formatNumbers(params.ranges)} ts=${formatNumbers(params.ts)}` : '';
  return `  patched   ${where}${planned.guarded ? ' guarded' : ''}: ${values}`;
}
