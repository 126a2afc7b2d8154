import { spawn } from 'node:child_process';

export interface ChildOptions {
  env?: NodeJS.ProcessEnv;
  /** Kills the child after this many milliseconds. */
  timeoutMs?: number;
}

/**
 * Runs a command whose last stdout line is a JSON document and returns that document. Its stderr is
 * passed through, so a child's progress shows. Rejects with the exit status and the stdout tail
 * when the command fails or prints no JSON.
 */
export function runJsonChild<T>(command: string, args: readonly string[], options: ChildOptions = {}): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
    });

    const timer = options.timeoutMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`${command} failed to start: ${error.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const lastLine = stdout.trim().split('\n').pop() ?? '';
      if (code !== 0) {
        reject(new Error(`${command} ${args.join(' ')} exited with ${signal ?? code}; output: ${stdout.slice(-500)}`));
        return;
      }
      try {
        resolve(JSON.parse(lastLine) as T);
      } catch {
        reject(new Error(`${command} ${args.join(' ')} printed no JSON result; output: ${stdout.slice(-500)}`));
      }
    });
  });
}

/** Returns the path of a compiled module next to `moduleUrl`, for running it as a child process. */
export function siblingScript(moduleUrl: string, relativePath: string): string {
  return new URL(relativePath, moduleUrl).pathname;
}
