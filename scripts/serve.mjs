// scripts/serve.mjs — a tiny static file server for the built page, on 127.0.0.1 only.
//
//   node scripts/serve.mjs <directory> [--port N]     (default: $PORT or 8080; 0 picks a free port)
//
// Also imported by the browser tests (tests/browser/run.mjs): startServer({ root, port }).
import { createServer } from 'node:http';
import { createReadStream, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const MIME_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.lua': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

// Maps a URL path to a file under root, or null when it would leave root.
function resolveFile(root, urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath.split('?')[0]);
  } catch {
    return null;
  }
  if (decoded.endsWith('/')) decoded += 'index.html';
  const file = path.resolve(root, '.' + path.posix.normalize(decoded));
  return file === root || file.startsWith(root + path.sep) ? file : null;
}

function handle(root, request, response) {
  const file = resolveFile(root, request.url || '/');
  let stats = null;
  try {
    stats = file && statSync(file);
  } catch {
    stats = null;
  }
  if (!stats || !stats.isFile() || (request.method !== 'GET' && request.method !== 'HEAD')) {
    response.writeHead(stats ? 405 : 404, { 'Content-Type': 'text/plain; charset=utf-8' });
    response.end(stats ? 'method not allowed\n' : 'not found\n');
    return;
  }
  response.writeHead(200, {
    'Content-Type': MIME_TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream',
    'Content-Length': stats.size,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  if (request.method === 'HEAD') {
    response.end();
    return;
  }
  createReadStream(file).pipe(response);
}

// Starts serving root; resolves to { server, url } once listening.
export function startServer({ root, port = 8080, host = '127.0.0.1' }) {
  const absoluteRoot = path.resolve(root);
  const server = createServer((request, response) => handle(absoluteRoot, request, response));
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.address();
      resolve({ server, url: `http://${host}:${address.port}/` });
    });
  });
}

async function main(argv) {
  const args = argv.slice(2);
  let port = Number(process.env.PORT || 8080);
  const portAt = args.indexOf('--port');
  if (portAt >= 0) port = Number(args.splice(portAt, 2)[1]);
  const root = args[0];
  if (!root || !Number.isInteger(port) || port < 0 || port > 65535) {
    console.error('usage: node scripts/serve.mjs <directory> [--port N]');
    process.exit(2);
  }
  try {
    const { url } = await startServer({ root, port });
    console.log(`Serving ${path.resolve(root)}`);
    console.log(`Open ${url} (Ctrl-C stops the server)`);
  } catch (error) {
    console.error(`serve: cannot listen on 127.0.0.1:${port}: ${error.message}`);
    process.exit(1);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv);
}
