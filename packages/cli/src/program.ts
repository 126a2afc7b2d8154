import { Command, CommanderError, Option } from 'commander';

import { runInspect } from './commands/inspect.js';
import { runPatch } from './commands/patch.js';
import { EXIT_FAILURE, EXIT_SUCCESS, EXIT_USAGE, UsageError } from './errors.js';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const defaultIo: CliIo = {
  stdout: (text) => process.stdout.write(`${text}\n`),
  stderr: (text) => process.stderr.write(`${text}\n`),
};

/**
 * Runs the multimax command line and returns the exit code: 0 success, 1 failure, 2 usage error.
 * Errors print as one line; `--verbose` adds the stack trace.
 */
export async function runCli(argv: readonly string[], io: CliIo = defaultIo): Promise<number> {
  const verbose = argv.includes('--verbose');
  const program = buildProgram(io);

  try {
    await program.parseAsync(argv, { from: 'user' });
    return EXIT_SUCCESS;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has already printed help, the version or its usage message.
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return EXIT_SUCCESS;
      return EXIT_USAGE;
    }
    if (error instanceof UsageError) {
      io.stderr(`multimax: ${error.message}\nRun 'multimax --help' for usage.`);
      return EXIT_USAGE;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(`multimax: ${message}`);
    if (verbose && error instanceof Error && error.stack) io.stderr(error.stack);
    return EXIT_FAILURE;
  }
}

function buildProgram(io: CliIo): Command {
  const program = new Command('multimax')
    .description('Inspect ONNX models and replace their attention Softmax with MultiMax.')
    .option('--verbose', 'print stack traces with errors')
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.stdout(text.trimEnd()), writeErr: (text) => io.stderr(text.trimEnd()) })
    .showHelpAfterError('(run with --help for usage)');

  program
    .command('inspect')
    .description('list every Softmax node: index, name, axis, opset, neighbours, kind (attention/output) and MultiMax params')
    .argument('<model>', 'ONNX model file')
    .option('--json', 'print JSON instead of a table')
    .action(async (model: string, options: { json?: boolean }) => runInspect(model, options, io.stdout));

  program
    .command('patch')
    .description('insert the MultiMax modulator in front of the Softmax nodes the params select')
    .argument('<model>', 'ONNX model file to read (never modified)')
    .requiredOption('-o, --output <file>', 'where to write the patched model (written atomically; must differ from the input)')
    .requiredOption('-p, --params <file>', 'MultiMax params file (JSON, format "multimax-params", version 1)')
    .addOption(new Option('--guard <mode>', 'guard σ against unrecognized masks: auto (where needed), always, never').choices(['auto', 'always', 'never']).default('auto'))
    .action(async (model: string, options: { output: string; params: string; guard: 'auto' | 'always' | 'never' }) => runPatch(model, options, io.stdout));

  for (const command of program.commands) command.exitOverride().configureOutput(program.configureOutput()).showHelpAfterError('(run with --help for usage)');
  return program;
}
