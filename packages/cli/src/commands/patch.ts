import { statSync } from 'node:fs';

import type { TargetSelector } from '@multimax/core';
import { patchModel, type PlannedSite } from '@multimax/onnx';
import { readModelFile, writeModelFile } from '@multimax/onnx/node';

import { UsageError } from '../errors.js';
import { formatNumbers } from '../format.js';
import { readParamsFile } from '../params.js';
import { createProgress, PROGRESS_MIN_BYTES } from '../progress.js';
import { parseSelector } from '../selectors.js';

export interface PatchCommandOptions {
  output?: string;
  params: string;
  guard?: 'auto' | 'always' | 'never';
  select?: string[];
  dryRun?: boolean;
  progress?: boolean;
  asFunction?: boolean;
  allowDomain?: string[];
}

/**
 * Patches a model file with a params file and writes the result atomically; the input is never
 * changed. With --dry-run it prints the plan and writes nothing.
 */
export async function runPatch(modelPath: string, options: PatchCommandOptions, print: (text: string) => void): Promise<void> {
  if (!options.dryRun && options.output === undefined) throw new UsageError("missing required option '-o, --output <file>' (or use --dry-run)");
  const only: TargetSelector[] | undefined = options.select?.map(parseSelector);

  const params = await readParamsFile(options.params);
  const large = fileSize(modelPath) >= PROGRESS_MIN_BYTES;
  const progress = createProgress(large && process.stderr.isTTY === true, options.progress === true);

  const loaded = await readModelFile(modelPath);
  let started = false;
  const result = patchModel(loaded.model, params, {
    guard: options.guard ?? 'auto',
    only,
    asFunction: options.asFunction === true,
    allowDomains: options.allowDomain ?? [],
    source: modelPath,
    onProgress: (done, total) => {
      if (!started) progress.start(total, 'patching Softmax nodes');
      started = true;
      progress.update(done);
    },
  });
  progress.stop();

  const replaced = result.replaced > 0 ? ` (replacing ${result.replaced} modulators of an earlier patch)` : '';
  if (options.dryRun || options.output === undefined) {
    for (const planned of result.plan) print(describeSite(planned));
    print(`Dry run: would patch ${result.patched} of ${result.plan.length} Softmax nodes${replaced}; nothing written`);
    return;
  }

  // The plan prints after the write, so a failed write shows only the error.
  await writeModelFile(options.output, loaded.model, { sourcePath: loaded.path, externalData: loaded.externalData });
  for (const planned of result.plan) print(describeSite(planned));
  print(`Patched ${result.patched} of ${result.plan.length} Softmax nodes${replaced}; wrote ${options.output}`);
}

function describeSite(planned: PlannedSite): string {
  const { site } = planned;
  const where = `${site.name} (${site.kind} ${site.layer}, ${site.pattern})`;
  switch (planned.action) {
    case 'not-selected':
      return `  skipped   ${where}: not matched by --select`;
    case 'unmatched':
      return `  skipped   ${where}: no target in the params file selects it`;
    case 'identity':
      return `  skipped   ${where}: identity params (all ts are 0)`;
    case 'patch': {
      const params = planned.params;
      const values = params ? `ranges=${formatNumbers(params.ranges)} ts=${formatNumbers(params.ts)}` : '';
      return `  patched   ${where}${planned.guarded ? ' guarded' : ''}: ${values}`;
    }
  }
}

function fileSize(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    // readModelFile reports a missing file with a proper message.
    return 0;
  }
}
