import type { SectionName } from './options.js';
import { runCoreSection } from './core/section.js';
import { runInferenceSection } from './inference/section.js';
import { runMicroSection } from './micro/section.js';
import { runPatchingSection } from './patching/section.js';
import type { RunSettings, SectionResult } from './report/section.js';

export function runSection(name: SectionName, settings: RunSettings): Promise<SectionResult> {
  switch (name) {
    case 'patching':
      return runPatchingSection(settings);
    case 'inference':
      return runInferenceSection(settings);
    case 'micro':
      return runMicroSection(settings);
    case 'core':
      return runCoreSection(settings);
  }
}
