import type { Environment } from './environment.js';
import { formatBytes, markdownTable } from './markdown.js';
import type { SectionResult } from './section.js';

/** Assembles the report: how it was made, the targets, then each section. */
export function renderReport(environment: Environment, command: string, quick: boolean, sections: SectionResult[], durationSeconds: number): string {
  const targets = sections.flatMap((section) => section.targets);

  const lines = [
    '# Benchmarks',
    '',
    quick ? '> Quick mode: tiny sizes and one repetition. These numbers only show that the harness runs.' : '',
    '',
    `Measured with \`${command}\` in ${durationSeconds.toFixed(0)} s. The benchmarks report and do not assert.`,
    'Run them with `npm run bench` from the repository root (`npm run bench -- -- --quick` for tiny sizes), or with',
    '`node dist/main.js [--quick] [--write | --only=patching,inference,micro,core]` in packages/benchmarks; `--write` saves this file.',
    'Timings are medians of repeated runs after warm-up runs; the machine is shared, so compare the ratios of one run, not absolute times across runs.',
    '',
    markdownTable(
      ['', ''],
      [
        ['CPU', `${environment.cpu}, ${environment.cores} cores`],
        ['memory', formatBytes(environment.memoryBytes)],
        ['OS', environment.os],
        ['Node.js', environment.node],
        ['onnxruntime-node', environment.onnxruntimeNode],
        ['packages', Object.entries(environment.packages).map(([name, version]) => `${name} ${version}`).join(', ')],
        ['commit', environment.commit],
      ],
    ),
    '',
    '## Targets',
    '',
    markdownTable(
      ['target', 'measured', 'result'],
      targets.map((target) => [target.target, target.measured, verdict(target.met)]),
    ),
  ];

  for (const section of sections) lines.push('', `## ${section.title}`, '', section.markdown);
  return `${lines.filter((line, index) => line !== '' || lines[index - 1] !== '').join('\n')}\n`;
}

/** The line after which a report file contains hand-written notes, which --write keeps. */
export const NOTES_MARKER = '<!-- Notes below this line are written by hand; `--write` keeps them. -->';

/** Appends the notes of the previous report file (from NOTES_MARKER on) to a new report. */
export function keepNotes(report: string, previous: string): string {
  const at = previous.indexOf(NOTES_MARKER);
  return at < 0 ? report : `${report}\n${previous.slice(at)}`;
}

function verdict(met: boolean | undefined): string {
  if (met === undefined) return 'not measured';
  return met ? 'met' : 'not met';
}
