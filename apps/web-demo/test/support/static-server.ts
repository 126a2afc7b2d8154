// A static file server on 127.0.0.1 and an ephemeral port, as a plain static host would serve dist/:
// no special headers, so the page is not cross-origin isolated.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
  '.onnx': 'application/octet-stream',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

export interface StaticServer {
  /** Base URL with a trailing slash, e.g. http://127.0.0.1:40123/. */
  url: string;
  close(): Promise<void>;
}

/** Serves the files under `root`; a path ending in / serves its index.html. */
export async function startStaticServer(root: string): Promise<StaticServer> {
  const resolvedRoot = path.resolve(root);

  const server = http.createServer((request, response) => {
    void serveFile(resolvedRoot, request, response);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });

  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

async function serveFile(root: string, request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
  const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://127.0.0.1').pathname);
  let filePath = path.join(root, pathname);
  if (pathname.endsWith('/')) filePath = path.join(filePath, 'index.html');

  // path.join normalizes "..", so a path that leaves the root is rejected here.
  if (filePath !== root && !filePath.startsWith(`${root}${path.sep}`)) {
    response.writeHead(403).end();
    return;
  }

  try {
    const info = await stat(filePath);
    if (!info.isFile()) throw new Error('not a file');
  } catch {
    response.writeHead(404, { 'Content-Type': 'text/plain' }).end(`not found: ${pathname}`);
    return;
  }

  response.writeHead(200, { 'Content-Type': CONTENT_TYPES[path.extname(filePath)] ?? 'application/octet-stream' });
  createReadStream(filePath).pipe(response);
}
