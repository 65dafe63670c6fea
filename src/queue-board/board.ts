import type { IncomingMessage, ServerResponse } from 'node:http';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Queue } from 'bullmq';
import express from 'express';
import { actorOf, recordAudit } from '../audit/record';
import type { AuthResult } from '../auth/authenticate';
import { can, Permission } from '../auth/roles';
import { signInPage } from './sign-in-page';

export const QUEUE_BOARD_PATH = '/queues';
const COOKIE = 'hub_queues_key';
const SESSION_SECONDS = 8 * 3600;
/** The board's own scripts and styles only; Google Fonts (in its page) stays blocked, so it works offline with system fonts. */
const CSP = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'self'";

const cookieOf = (req: IncomingMessage): string | undefined =>
  String(req.headers.cookie ?? '')
    .split(';')
    .map((c) => c.trim())
    .find((c) => c.startsWith(`${COOKIE}=`))
    ?.slice(COOKIE.length + 1);

function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  return new Promise((resolve, reject) => {
    let text = '';
    req.on('data', (c: Buffer) => {
      text += c.toString('utf8');
      if (text.length > 4096) req.destroy(new Error('sign-in form too large'));
    });
    req.on('end', () => resolve(new URLSearchParams(text)));
    req.on('error', reject);
  });
}

/**
 * Bull Board (the BullMQ queue UI) at /queues, for the operator role (permission ops:write:
 * operator and admin). A browser cannot send an Authorization header, so the board also
 * takes the API key from a sign-in form, kept in an HttpOnly, SameSite=Strict cookie scoped
 * to /queues and checked again on every request (a revoked key stops working within the
 * key cache's 30 s). Scripts send the header instead. Every change made from the board
 * (retry, remove, pause, clean…) is written to the audit log first; if it cannot be, the
 * change is refused.
 */
export function createQueueBoard(opts: { queue: Queue; orm: MikroORM; authenticate: (authorization: string | undefined) => Promise<AuthResult>; secureCookie: boolean }) {
  const adapter = new ExpressAdapter();
  adapter.setBasePath(QUEUE_BOARD_PATH);
  createBullBoard({ queues: [new BullMQAdapter(opts.queue)], serverAdapter: adapter, options: { uiConfig: { boardTitle: 'Hub sync queue' } } });
  const app = express();
  app.disable('x-powered-by');
  app.use(QUEUE_BOARD_PATH, adapter.getRouter() as express.Router);

  const cookie = (value: string, maxAge: number) => `${COOKIE}=${value}; Path=${QUEUE_BOARD_PATH}; HttpOnly; SameSite=Strict; Max-Age=${maxAge}${opts.secureCookie ? '; Secure' : ''}`;
  const page = (res: ServerResponse, status: number, message: string | null) => {
    res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'content-security-policy': CSP }).end(signInPage(message));
  };

  return async (req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> => {
    if (pathname === `${QUEUE_BOARD_PATH}/sign-in` && req.method === 'POST') {
      const key = (await readForm(req)).get('key')?.trim() ?? '';
      const auth = key ? await opts.authenticate(`Bearer ${key}`) : ({ ok: false, reason: 'No key given' } as const);
      if (!auth.ok) return page(res, 401, `Khóa không hợp lệ / Invalid key: ${auth.reason}`);
      if (!can(auth.viewer, Permission.OPERATE)) return page(res, 403, `Vai trò "${auth.viewer.role}" không được xem hàng đợi / The "${auth.viewer.role}" role may not use the queue board (operator or admin only)`);
      res.writeHead(303, { location: `${QUEUE_BOARD_PATH}/`, 'set-cookie': cookie(encodeURIComponent(key), SESSION_SECONDS) }).end();
      return;
    }
    if (pathname === `${QUEUE_BOARD_PATH}/sign-out`) {
      res.writeHead(303, { location: `${QUEUE_BOARD_PATH}/`, 'set-cookie': cookie('', 0) }).end();
      return;
    }
    const header = typeof req.headers.authorization === 'string' ? req.headers.authorization : undefined;
    const fromCookie = cookieOf(req);
    const authorization = header ?? (fromCookie ? `Bearer ${decodeURIComponent(fromCookie)}` : undefined);
    if (!authorization) return page(res, 401, null);
    const auth = await opts.authenticate(authorization);
    if (!auth.ok) return page(res, 401, `Khóa không hợp lệ / Invalid key: ${auth.reason}`);
    if (!can(auth.viewer, Permission.OPERATE)) return page(res, 403, `Vai trò "${auth.viewer.role}" không được xem hàng đợi / The "${auth.viewer.role}" role may not use the queue board (operator or admin only)`);

    if (req.method !== 'GET' && req.method !== 'HEAD') {
      try {
        await recordAudit(opts.orm.em.fork(), { action: 'queue.board', actor: actorOf(auth.viewer), target: { type: 'queue', id: opts.queue.name }, details: { method: req.method, path: pathname } });
      } catch {
        res.writeHead(503, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'The change could not be written to the audit log, so it was not made. Try again later.' }));
        return;
      }
    }
    res.setHeader('content-security-policy', CSP);
    await new Promise<void>((resolve) => {
      res.once('finish', resolve);
      res.once('close', resolve);
      app(req as express.Request, res as express.Response, () => {
        if (!res.headersSent) res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found\n');
        resolve();
      });
    });
  };
}
