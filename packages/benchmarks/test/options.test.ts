import { parseOptions, SECTION_NAMES, UsageError } from '../src/options.js';

const DEFAULT_REPORT = '/repo/BENCHMARKS.md';

describe('parseOptions', () => {
  it('runs every section and writes nothing by default', () => {
    expect(parseOptions([], DEFAULT_REPORT)).toEqual({ quick: false, writePath: undefined, sections: [...SECTION_NAMES], help: false });
  });

  it('writes to the default report or to a given file', () => {
    expect(parseOptions(['--write'], DEFAULT_REPORT).writePath).toBe(DEFAULT_REPORT);
    expect(parseOptions(['--write=out.md'], DEFAULT_REPORT).writePath).toBe('out.md');
  });

  it('keeps the section order whatever order --only lists', () => {
    expect(parseOptions(['--only=core,patching'], DEFAULT_REPORT).sections).toEqual(['patching', 'core']);
  });

  it.each([
    [['--bogus'], /unknown option "--bogus"/],
    [['--only=bogus'], /invalid --only=bogus/],
    [['--only=micro', '--write'], /--only and --write cannot be combined/],
    [['--write=out.md', '--only=core'], /--only and --write cannot be combined/],
  ])('rejects %j with a UsageError', (argv, message) => {
    expect(() => parseOptions(argv, DEFAULT_REPORT)).toThrow(UsageError);
    expect(() => parseOptions(argv, DEFAULT_REPORT)).toThrow(message);
  });
});
