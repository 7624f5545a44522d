// A static file server for the built book that behaves like GitHub Pages
// where it matters to the browser test:
//
// - the book is served under the path prefix from `site-url`
//   (e.g. /happens-before/), so absolute links and 404.html's
//   `<base href>` resolve exactly as they will in production;
// - a missing file under the prefix answers 404 with the body of 404.html;
// - a directory without its trailing slash is redirected to it;
// - text files are gzip-compressed when the browser accepts it, so the
//   bytes the test reports are close to what a reader downloads.
//
// It listens on 127.0.0.1 with an ephemeral port and only reads files
// inside the book directory.

import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { gzipSync } from 'node:zlib';

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.json': 'application/json',
  '.map': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

// Already-compressed formats (images, fonts, wasm) are sent as they are.
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.svg', '.json', '.map', '.txt']);

/** Maps a request path to a file path inside `root`, or null if it escapes. */
function fileFor(root, prefix, pathname) {
  if (!pathname.startsWith(prefix)) {
    return null;
  }
  let rel;
  try {
    rel = decodeURIComponent(pathname.slice(prefix.length));
  } catch {
    return null;
  }
  const file = resolve(root, rel);
  return file === root || file.startsWith(root + sep) ? file : null;
}

/** Starts the server; resolves to { origin, prefix, close() }. */
export async function startServer(bookDir, prefix) {
  const root = resolve(bookDir);
  const gzipCache = new Map();

  async function send(req, res, status, file) {
    const ext = extname(file).toLowerCase();
    let body = await readFile(file);
    const headers = {
      'Content-Type': CONTENT_TYPES[ext] ?? 'application/octet-stream',
      'Cache-Control': 'no-cache',
    };
    if (COMPRESSIBLE.has(ext) && /\bgzip\b/.test(req.headers['accept-encoding'] ?? '')) {
      if (!gzipCache.has(file)) {
        gzipCache.set(file, gzipSync(body));
      }
      body = gzipCache.get(file);
      headers['Content-Encoding'] = 'gzip';
      headers.Vary = 'Accept-Encoding';
    }
    headers['Content-Length'] = body.length;
    res.writeHead(status, headers);
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  async function handle(req, res) {
    const url = new URL(req.url, 'http://localhost');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    const file = fileFor(root, prefix, url.pathname);
    if (file === null) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found\n');
      return;
    }
    const info = await stat(file).catch(() => null);
    if (info?.isDirectory()) {
      if (!url.pathname.endsWith('/')) {
        res.writeHead(301, { Location: `${url.pathname}/${url.search}` }).end();
        return;
      }
      const index = join(file, 'index.html');
      if (await stat(index).then((s) => s.isFile(), () => false)) {
        await send(req, res, 200, index);
        return;
      }
    } else if (info?.isFile()) {
      await send(req, res, 200, file);
      return;
    }
    // Like GitHub Pages: anything missing gets the book's 404 page.
    const notFound = join(root, '404.html');
    if (await stat(notFound).then((s) => s.isFile(), () => false)) {
      await send(req, res, 404, notFound);
    } else {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found\n');
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err) => {
      if (!res.headersSent) {
        res.writeHead(500, { 'Content-Type': 'text/plain' });
      }
      res.end(`server error: ${err.message}\n`);
    });
  });
  await new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', done);
  });
  const { port } = server.address();
  return {
    origin: `http://127.0.0.1:${port}`,
    prefix,
    close() {
      server.closeAllConnections();
      return new Promise((done) => server.close(() => done()));
    },
  };
}
