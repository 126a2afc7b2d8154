import { Command, CommanderError, Option } from 'commander';

import { runInspect } from './commands/inspect.js';
import { type PatchCommandOptions, runPatch } from './commands/patch.js';
import { runVerify, type VerifyOptions } from './commands/verify.js';
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
    .option('-o, --output <file>', 'where to write the patched model (written atomically; must differ from the input)')
    .requiredOption('-p, --params <file>', 'MultiMax params file (JSON, format "multimax-params", version 1)')
    .option('--select <selector...>', 'patch only these Softmax nodes: attention, output, attention:LAYER, output:LAYER or node:NAME')
    .option('--dry-run', 'print what would be patched and write nothing')
    .option('--allow-domain <domain...>', 'accept nodes of this custom op domain (its custom-op library must be loaded when the model runs)')
    .option('--as-function', 'emit σ as a model-local function (domain ai.multimax); needs opset 18+ and IR version 8+')
    .option('--progress', 'show a progress bar even when stderr is not a terminal (shown on a terminal for models of 100 MB or more)')
    .addOption(new Option('--guard <mode>', 'guard σ against unrecognized masks: auto (where needed), always, never').choices(['auto', 'always', 'never']).default('auto'))
    .action(async (model: string, options: PatchCommandOptions) => runPatch(model, options, io.stdout));

  program
    .command('verify')
    .description('run the original and the patched model in onnxruntime-node on the same inputs and report the max abs difference per output')
    .argument('<original>', 'the original ONNX model')
    .argument('<patched>', 'the patched ONNX model')
    .option('--inputs <file>', 'JSON file with inputs: {"name": {"type": "float32", "dims": [1, 2], "data": [0, 1]}}; synthesized when absent')
    .option('--dim <name=size...>', 'size of a named symbolic input dimension for synthesized inputs', [])
    .option('--default-dim <n>', 'size of every other symbolic dimension', '32')
    .option('--seed <n>', 'seed for synthesized inputs', '1')
    .option('--max-diff <x>', 'fail (exit 1) when any output differs by more than this')
    .action(async (original: string, patched: string, options: VerifyOptions) => runVerify(original, patched, options, io.stdout));

  for (const command of program.commands) command.exitOverride().configureOutput(program.configureOutput()).showHelpAfterError('(run with --help for usage)');
  return program;
}
