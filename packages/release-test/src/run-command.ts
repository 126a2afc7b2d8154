import { type ExecFileException, execFile } from 'node:child_process';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** Output kept per stream in error messages: the end of npm's output names the failure. */
const ERROR_OUTPUT_CHARACTERS = 4000;

export interface CommandOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** The command is killed after this many milliseconds. */
  timeoutMs: number;
}

export interface CommandOutput {
  stdout: string;
  stderr: string;
}

/**
 * Runs a command to completion without a shell and returns its output. Rejects with the command
 * line, the folder, the exit code (or the timeout) and the end of both output streams when the
 * command fails.
 */
export async function runCommand(command: string, args: readonly string[], options: CommandOptions): Promise<CommandOutput> {
  try {
    return await execFileAsync(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      timeout: options.timeoutMs,
      maxBuffer: 64 * 1024 * 1024,
      encoding: 'utf8',
    });
  } catch (error) {
    const failure = error as ExecFileException & Partial<CommandOutput>;
    const reason = failure.killed ? `timed out after ${options.timeoutMs} ms` : `failed with exit code ${String(failure.code)}`;
    throw new Error(
      `${[command, ...args].join(' ')} (in ${options.cwd}) ${reason}\n` +
        `--- stderr ---\n${tail(failure.stderr ?? '')}\n--- stdout ---\n${tail(failure.stdout ?? '')}`,
      { cause: error },
    );
  }
}

/**
 * Returns the environment for npm commands that must behave as a user's npm would. npm passes its
 * resolved configuration to the scripts it runs as lowercase `npm_config_*` variables (the
 * workspace's prefix, allowScripts and user agent among them), and a child npm reads them back as
 * configuration that outranks a project's .npmrc. Dropping every lowercase `npm_` variable lets
 * the child read its project's .npmrc and the user's config files instead. `NPM_CONFIG_*` variables
 * that a user or CI sets are kept.
 */
export function npmEnvironment(overrides: Record<string, string> = {}): NodeJS.ProcessEnv {
  const environment: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.startsWith('npm_')) environment[name] = value;
  }
  return { ...environment, ...overrides };
}

function tail(text: string): string {
  return text.length <= ERROR_OUTPUT_CHARACTERS ? text : `…${text.slice(-ERROR_OUTPUT_CHARACTERS)}`;
}
