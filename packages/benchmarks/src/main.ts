// Entry of `npm run bench`: runs the benchmark sections one after another (never in parallel, so
// they do not compete for the cores), prints the Markdown report to stdout and, with --write, saves it.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { parseOptions, type SectionName, USAGE, UsageError } from './options.js';
import { renderSvg } from './report/charts.js';
import { describeEnvironment } from './report/environment.js';
import { keepNotes, renderReport } from './report/document.js';
import { progress } from './report/progress.js';
import type { RunSettings, SectionResult } from './report/section.js';
import { runSection } from './sections.js';

const PACKAGE_FOLDER = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DEFAULT_REPORT_PATH = path.resolve(PACKAGE_FOLDER, '../../BENCHMARKS.md');

async function main(): Promise<void> {
  let options: ReturnType<typeof parseOptions>;
  try {
    options = parseOptions(process.argv.slice(2), DEFAULT_REPORT_PATH);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`multimax-bench: ${error.message}\n\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }

  // Before anything runs: the charts this run writes would otherwise count as uncommitted changes.
  const environment = describeEnvironment();
  const temporaryFolder = mkdtempSync(path.join(os.tmpdir(), 'multimax-bench-'));
  // Generated models can take gigabytes, so an interrupted run removes them too.
  const removeTemporaryFolder = () => rmSync(temporaryFolder, { recursive: true, force: true });
  for (const [signal, exitCode] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    process.once(signal, () => {
      removeTemporaryFolder();
      process.exit(exitCode);
    });
  }

  const settings: RunSettings = options.quick
    ? { quick: true, warmups: 0, repetitions: 1, temporaryFolder }
    : { quick: false, warmups: 2, repetitions: 7, temporaryFolder };
  const start = performance.now();
  const sections: SectionResult[] = [];
  try {
    for (const name of options.sections) {
      progress(name, 'starting');
      sections.push(await runNamedSection(name, settings));
    }
  } finally {
    removeTemporaryFolder();
  }

  const node = ['node', path.relative(process.cwd(), process.argv[1] ?? 'dist/main.js'), ...process.argv.slice(2)].join(' ');
  // npm sets npm_lifecycle_event to the script name, e.g. when turbo runs `npm run bench`.
  const script = process.env.npm_lifecycle_event;
  const command = script === undefined ? node : `npm run ${script}\` (\`${node} in packages/benchmarks)`;
  if (options.writePath !== undefined) await writeCharts(sections, path.dirname(path.resolve(options.writePath)));
  const report = renderReport(environment, command, options.quick, sections, (performance.now() - start) / 1000);
  process.stdout.write(report);
  if (options.writePath !== undefined) {
    const previous = existsSync(options.writePath) ? readFileSync(options.writePath, 'utf8') : '';
    writeFileSync(options.writePath, keepNotes(report, previous));
    progress('report', `written to ${options.writePath}`);
  }
}

/**
 * Saves every section's charts as SVG files in docs/benchmarks/ under the report's folder, and
 * links them at the end of their section. A chart that fails to render is reported in its place.
 */
async function writeCharts(sections: SectionResult[], reportFolder: string): Promise<void> {
  const folder = path.join(reportFolder, 'docs', 'benchmarks');
  for (const section of sections) {
    for (const chart of section.charts ?? []) {
      progress('report', `drawing ${chart.name}.svg`);
      try {
        mkdirSync(folder, { recursive: true });
        const file = path.join(folder, `${chart.name}.svg`);
        writeFileSync(file, await renderSvg(chart.spec));
        section.markdown += `\n\n![${chart.title}](${path.relative(reportFolder, file).split(path.sep).join('/')})`;
      } catch (error) {
        section.markdown += `\n\nThe chart ${chart.name} failed: ${error instanceof Error ? error.message : String(error)}`;
      }
    }
  }
}

/** Runs one section; a failure becomes the section's text, so the other sections still report. */
async function runNamedSection(name: SectionName, settings: RunSettings): Promise<SectionResult> {
  try {
    return await runSection(name, settings);
  } catch (error) {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    progress(name, `failed: ${message}`);
    return { title: name, markdown: `The section failed:\n\n\`\`\`\n${message}\n\`\`\``, targets: [] };
  }
}

await main();
