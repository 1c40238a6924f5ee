/**
 * The web console: when `config.webRoot` names a directory, its files are served at `/`
 * (GET and HEAD; `index.html` for `/` and for paths without an extension, so a single-page app
 * can route itself). Paths cannot leave the directory. Without a web root, `/` is a 404 problem.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { STATUS_INVALID_PARAMETER, STATUS_NOT_FOUND } from '../nt/ntstatus.ts';
import { sendProblem, toProblem } from './problem.ts';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
};

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** Serves `root` at `/` (every GET path not taken by an API route). */
export function registerStaticFiles(app: FastifyInstance, root: string): void {
  const base = resolve(root);
  app.route({
    method: ['GET', 'HEAD'],
    url: '/*',
    async handler(request, reply) {
      let path: string;
      try {
        path = decodeURIComponent((request.url.split('?')[0] ?? '/').replace(/\/+$/, '')) || '/';
      } catch {
        return sendProblem(reply, toProblem(STATUS_INVALID_PARAMETER, { detail: 'The URL is malformed.' }));
      }
      let file = resolve(join(base, path));
      if (file !== base && !file.startsWith(base + sep))
        return sendProblem(reply, toProblem(STATUS_NOT_FOUND, { detail: 'No such file.', httpStatus: 404 }));
      if (file === base || (extname(file) === '' && !(await isFile(file)))) file = join(base, 'index.html');
      if (path.startsWith('/v1/') || !(await isFile(file)))
        return sendProblem(
          reply,
          toProblem(STATUS_NOT_FOUND, { detail: `No route ${request.method} ${path}.`, httpStatus: 404 }),
        );
      reply.header('cache-control', file.endsWith('index.html') ? 'no-cache' : 'public, max-age=3600');
      return reply
        .type(TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream')
        .send(createReadStream(file));
    },
  });
}
