/** Command-line options of the benchmark harness. */
export interface BenchmarkOptions {
  quick: boolean;
  /** Path of the report file; undefined when the report goes to stdout only. */
  writePath: string | undefined;
  /** Sections to run, in the order of SECTION_NAMES. */
  sections: SectionName[];
  help: boolean;
}

export const SECTION_NAMES = ['patching', 'inference', 'micro', 'core'] as const;
export type SectionName = (typeof SECTION_NAMES)[number];

export const USAGE = `Usage: node dist/main.js [--quick] [--write[=FILE]] [--only=SECTION[,SECTION…]]

Runs the MultiMax benchmarks and prints a Markdown report to stdout; progress goes to stderr.

  --quick          tiny sizes and one repetition, only to check that the harness runs (CI)
  --write[=FILE]   also write the report to FILE, relative to the working directory (default:
                   BENCHMARKS.md at the repository root); notes after the notes marker are kept
  --only=SECTIONS  run only these sections: ${SECTION_NAMES.join(', ')} (default: all);
                   prints them only, because a partial report would replace the whole file
  --help           print this text`;

/** An invalid command line; the entry point prints the message and the usage and exits with 2. */
export class UsageError extends Error {}

/** Parses argv (without node and the script); throws a UsageError for unknown or conflicting options. */
export function parseOptions(argv: readonly string[], defaultWritePath: string): BenchmarkOptions {
  const options: BenchmarkOptions = { quick: false, writePath: undefined, sections: [...SECTION_NAMES], help: false };

  for (const argument of argv) {
    if (argument === '--quick') options.quick = true;
    else if (argument === '--help' || argument === '-h') options.help = true;
    else if (argument === '--write') options.writePath = defaultWritePath;
    else if (argument.startsWith('--write=')) options.writePath = argument.slice('--write='.length);
    else if (argument.startsWith('--only=')) options.sections = parseSections(argument.slice('--only='.length));
    else throw new UsageError(`unknown option ${JSON.stringify(argument)}`);
  }
  // A report of some sections would replace the others in the file, and the notes refer to them all.
  if (options.writePath !== undefined && options.sections.length < SECTION_NAMES.length) {
    throw new UsageError('--only and --write cannot be combined, because the report would lose the other sections; run all sections to write it, or leave out --write to print the selected ones');
  }
  return options;
}

function parseSections(list: string): SectionName[] {
  const requested = list.split(',').filter((name) => name !== '');
  const unknown = requested.filter((name) => !(SECTION_NAMES as readonly string[]).includes(name));
  if (unknown.length > 0 || requested.length === 0) {
    throw new UsageError(`invalid --only=${list}: expected a comma-separated list of ${SECTION_NAMES.join(', ')}`);
  }
  return SECTION_NAMES.filter((name) => requested.includes(name));
}
