import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

const HOST = '127.0.0.1';
const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 5_000;
/** A free port can be taken by another process before verdaccio binds it, so a failed start is retried on a new port. */
const START_ATTEMPTS = 3;

/** A verdaccio registry in a child process, reachable on 127.0.0.1 only. */
export interface LocalRegistry {
  /** Base URL with a trailing slash, as npm configuration expects it, such as `http://127.0.0.1:40123/`. */
  url: string;
  /** Server output so far (warnings and errors), for failure messages. */
  log(): string;
  /** Stops the server and waits for its process to exit. */
  stop(): Promise<void>;
}

/** The `dist` record of one published version in the registry's package document. */
export interface PublishedDist {
  integrity: string;
  tarball: string;
}

/**
 * Starts verdaccio with a fresh configuration, storage and htpasswd file in `workDir`. The registry
 * has no uplinks, so it serves only what is published to it: anyone can read `@multimax/*`
 * packages, publishing needs a user (see createRegistryUser), and packages outside the scope match
 * no access rule, so verdaccio refuses them.
 */
export async function startLocalRegistry(workDir: string): Promise<LocalRegistry> {
  await mkdir(join(workDir, 'storage'), { recursive: true });
  const verdaccioBin = createRequire(import.meta.url).resolve('verdaccio/bin/verdaccio');

  const failures: string[] = [];
  for (let attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
    const port = await findFreePort();
    const configPath = join(workDir, 'config.yaml');
    await writeFile(configPath, registryConfig(workDir, port));

    const child = spawn(process.execPath, [verdaccioBin, '--config', configPath], { cwd: workDir, stdio: ['ignore', 'pipe', 'pipe'] });
    const registry = watchRegistryProcess(child, `http://${HOST}:${port}/`);
    try {
      await waitUntilReady(registry.url, child);
      return registry;
    } catch (error) {
      await registry.stop();
      failures.push(`attempt ${attempt} on port ${port}: ${(error as Error).message}\n${registry.log()}`);
    }
  }
  throw new Error(`verdaccio did not start:\n${failures.join('\n')}`);
}

/**
 * Creates a user through the registry's `npm adduser` endpoint and returns its auth token. The
 * htpasswd file allows one user, so call this once per registry.
 */
export async function createRegistryUser(registry: LocalRegistry, name: string, password: string): Promise<string> {
  const response = await fetch(new URL(`-/user/org.couchdb.user:${encodeURIComponent(name)}`, registry.url), {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, password }),
  });
  const body = (await response.json()) as { token?: string; error?: string };
  if (!response.ok || body.token === undefined) {
    throw new Error(`creating user "${name}" on ${registry.url} failed: HTTP ${response.status} ${body.error ?? ''}`);
  }
  return body.token;
}

/** Reads one version's `dist` record from the registry, or returns undefined when that version is not published there. */
export async function readPublishedDist(registry: LocalRegistry, packageName: string, version: string): Promise<PublishedDist | undefined> {
  // Scoped names keep the @ and encode the slash in registry URLs, as npm requests them.
  const response = await fetch(new URL(packageName.replace('/', '%2f'), registry.url));
  if (response.status === 404) return undefined;
  if (!response.ok) throw new Error(`reading ${packageName} from ${registry.url} failed: HTTP ${response.status}`);

  const document = (await response.json()) as { versions?: Record<string, { dist?: PublishedDist }> };
  return document.versions?.[version]?.dist;
}

/**
 * Returns the npmrc key under which npm looks up the auth token for a registry URL: the URL
 * without its protocol, such as `//127.0.0.1:40123/:_authToken`.
 */
export function authTokenKey(registryUrl: string): string {
  return `${registryUrl.replace(/^https?:/, '')}:_authToken`;
}

function registryConfig(workDir: string, port: number): string {
  const config = {
    storage: join(workDir, 'storage'),
    auth: { htpasswd: { file: join(workDir, 'htpasswd'), max_users: 1 } },
    uplinks: {},
    packages: {
      '@multimax/*': { access: '$all', publish: '$authenticated', unpublish: '$authenticated' },
    },
    web: { enable: false },
    log: { type: 'stdout', format: 'pretty', level: 'warn' },
    listen: `${HOST}:${port}`,
  };
  // YAML is a superset of JSON, so verdaccio reads JSON from its .yaml config file.
  return `${JSON.stringify(config, null, 2)}\n`;
}

function watchRegistryProcess(child: ChildProcess, url: string): LocalRegistry {
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });

  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // A test runner that exits without calling stop() would otherwise leave the server running.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  return {
    url,
    log: () => output,
    async stop() {
      process.removeListener('exit', killOnExit);
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      // An unreferenced timer does not keep the test runner alive once the process has exited.
      const stopped = await Promise.race([exited.then(() => true), delay(STOP_TIMEOUT_MS, false, { ref: false })]);
      if (!stopped) {
        child.kill('SIGKILL');
        await exited;
      }
    },
  };
}

async function waitUntilReady(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`verdaccio exited with code ${child.exitCode} before it responded to ${url}-/ping`);
    try {
      const response = await fetch(new URL('-/ping', url));
      if (response.ok) return;
    } catch {
      // Connection refused: the server is not listening yet.
    }
    await delay(200);
  }
  throw new Error(`verdaccio did not respond to ${url}-/ping within ${START_TIMEOUT_MS} ms`);
}

function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const address = server.address();
      server.close(() => {
        if (address !== null && typeof address === 'object') resolve(address.port);
        else reject(new Error(`no port assigned on ${HOST}`));
      });
    });
  });
}
