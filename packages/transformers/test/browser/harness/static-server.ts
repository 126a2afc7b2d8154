import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
};

export interface StaticServer {
  /** The server's origin, e.g. http://127.0.0.1:41234. */
  origin: string;
  /** Paths of the requests served so far, in order. */
  requests: string[];
  close(): Promise<void>;
}

/**
 * Serves folders on 127.0.0.1 at an ephemeral port: each URL prefix of `mounts` (such as "/models/")
 * maps to a folder, and a path ending in / serves index.html. Paths that leave their folder, and
 * missing files, get 404.
 */
export async function startStaticServer(mounts: Record<string, string>): Promise<StaticServer> {
  const requests: string[] = [];
  const server = createServer((request, response) => {
    const requested = decodeURIComponent(new URL(request.url ?? '/', 'http://127.0.0.1').pathname);
    requests.push(requested);
    const path = requested.endsWith('/') ? `${requested}index.html` : requested;
    const file = resolveMountedFile(mounts, path);
    const notFound = () => {
      response.writeHead(404, { 'content-type': 'text/plain' });
      response.end(`not found: ${path}`);
    };
    if (file === undefined) return notFound();

    stat(file).then(
      (info) => {
        if (!info.isFile()) return notFound();
        response.writeHead(200, { 'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream', 'content-length': info.size });
        createReadStream(file).pipe(response);
      },
      notFound,
    );
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { origin: `http://127.0.0.1:${port}`, requests, close: () => closeServer(server) };
}

function resolveMountedFile(mounts: Record<string, string>, path: string): string | undefined {
  for (const [prefix, folder] of Object.entries(mounts)) {
    if (!path.startsWith(prefix)) continue;
    const file = normalize(join(folder, path.slice(prefix.length)));
    return file.startsWith(normalize(folder) + sep) ? file : undefined;
  }
  return undefined;
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
}
