import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { type CommandOutput, npmEnvironment, runCommand } from './run-command.js';

/** Leaves room for a cold npm cache: onnxruntime-node and onnxruntime-web take about 430 MB once installed. */
const INSTALL_TIMEOUT_MS = 240_000;
const RUN_TIMEOUT_MS = 60_000;

/** An npm project outside the workspace that installs our packages as a user would. */
export interface ConsumerProject {
  dir: string;
  /** The environment for npm and node in this project. */
  env: NodeJS.ProcessEnv;
}

/**
 * Creates an npm project in `dir` whose `@multimax` scope resolves from `registryUrl` alone, while
 * every other package comes from the registry the user's npm config names (the npm registry by
 * default). onnxruntime-node's postinstall, which downloads CUDA binaries, is denied twice: by
 * `allowScripts` for npm 11, and by ONNXRUNTIME_NODE_INSTALL=skip for older npm. Its CPU binaries
 * ship in the package and need no script.
 */
export async function createConsumerProject(dir: string, registryUrl: string): Promise<ConsumerProject> {
  await mkdir(dir, { recursive: true });

  const manifest = {
    name: 'multimax-release-consumer',
    version: '1.0.0',
    private: true,
    allowScripts: { 'onnxruntime-node': false },
  };
  await writeFile(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  await writeFile(join(dir, '.npmrc'), `@multimax:registry=${registryUrl}\n`);

  return { dir, env: npmEnvironment({ ONNXRUNTIME_NODE_INSTALL: 'skip' }) };
}

/** Runs `npm install` for package specs such as `@multimax/cli@0.1.0` and saves them to package.json. */
export async function installPackages(project: ConsumerProject, specs: readonly string[]): Promise<CommandOutput> {
  return runCommand('npm', ['install', '--no-audit', '--no-fund', ...specs], { cwd: project.dir, env: project.env, timeoutMs: INSTALL_TIMEOUT_MS });
}

/** Runs a command in the project folder with the project's environment. */
export async function runInProject(project: ConsumerProject, command: string, args: readonly string[]): Promise<CommandOutput> {
  return runCommand(command, args, { cwd: project.dir, env: project.env, timeoutMs: RUN_TIMEOUT_MS });
}

/**
 * Runs a Node script in the project and parses the JSON value on the last line of its stdout,
 * where the scripts in test/consumer-scripts print their result.
 */
export async function runNodeScript<Result>(project: ConsumerProject, script: string, args: readonly string[]): Promise<Result> {
  const { stdout } = await runInProject(project, process.execPath, [script, ...args]);
  const lastLine = stdout.trimEnd().split('\n').at(-1) ?? '';
  try {
    return JSON.parse(lastLine) as Result;
  } catch (error) {
    throw new Error(`${script} printed no JSON result on its last line; stdout:\n${stdout}`, { cause: error });
  }
}

/** Reads the lockfile entry of an installed package: its version and the integrity of the tarball npm installed. */
export async function readLockedPackage(project: ConsumerProject, packageName: string): Promise<{ version?: string; integrity?: string } | undefined> {
  const lockfile = JSON.parse(await readFile(join(project.dir, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { version?: string; integrity?: string }>;
  };
  return lockfile.packages[`node_modules/${packageName}`];
}
