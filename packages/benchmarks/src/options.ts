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
  --only=SECTIONS  run only these sections: ${SECTION_NAMES.join(', ')} (default: all)
  --help           print this text`;

/** Parses argv (without node and the script); throws an Error with the usage for unknown options. */
export function parseOptions(argv: readonly string[], defaultWritePath: string): BenchmarkOptions {
  const options: BenchmarkOptions = { quick: false, writePath: undefined, sections: [...SECTION_NAMES], help: false };

  for (const argument of argv) {
    if (argument === '--quick') options.quick = true;
    else if (argument === '--help' || argument === '-h') options.help = true;
    else if (argument === '--write') options.writePath = defaultWritePath;
    else if (argument.startsWith('--write=')) options.writePath = argument.slice('--write='.length);
    else if (argument.startsWith('--only=')) options.sections = parseSections(argument.slice('--only='.length));
    else throw new Error(`unknown option ${JSON.stringify(argument)}\n\n${USAGE}`);
  }
  return options;
}

function parseSections(list: string): SectionName[] {
  const requested = list.split(',').filter((name) => name !== '');
  const unknown = requested.filter((name) => !(SECTION_NAMES as readonly string[]).includes(name));
  if (unknown.length > 0 || requested.length === 0) {
    throw new Error(`invalid --only=${list}: expected a comma-separated list of ${SECTION_NAMES.join(', ')}`);
  }
  return SECTION_NAMES.filter((name) => requested.includes(name));
}
