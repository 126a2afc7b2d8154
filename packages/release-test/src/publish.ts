import { writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';

import { authTokenKey, type LocalRegistry } from './registry.js';
import { type CommandOutput, npmEnvironment, runCommand } from './run-command.js';

const PUBLISH_TIMEOUT_MS = 120_000;

export interface PublishOptions {
  repositoryRoot: string;
  registry: LocalRegistry;
  /** Auth token of a registry user allowed to publish. */
  token: string;
  /** Folder for the npm user config that points npm at the registry. */
  workDir: string;
}

/**
 * Publishes the built workspace to the local registry with the repository's own
 * `changeset publish`. That is the step `npm run release` runs after the build, so the test covers
 * the changesets configuration and the package manifests. `--no-git-tag` leaves the repository's
 * tags alone. npm reads a temporary user config instead of ~/.npmrc, so the token and the registry
 * never reach the user's files, and nothing is published anywhere else.
 */
export async function publishWorkspace(options: PublishOptions): Promise<CommandOutput> {
  const userConfigPath = join(options.workDir, 'publish.npmrc');
  await writeFile(userConfigPath, `registry=${options.registry.url}\n${authTokenKey(options.registry.url)}=${options.token}\n`);

  const changesetBin = createRequire(join(options.repositoryRoot, 'package.json')).resolve('@changesets/cli/bin.js');
  // changesets reads npm_config_registry to choose the registry for `npm info` and `npm publish`.
  const env = npmEnvironment({ npm_config_userconfig: userConfigPath, npm_config_registry: options.registry.url });

  return runCommand(process.execPath, [changesetBin, 'publish', '--no-git-tag'], { cwd: options.repositoryRoot, env, timeoutMs: PUBLISH_TIMEOUT_MS });
}
