// Streaming endpoints of the artifact vault on the browser host (authenticated by the host before
// these run: token, Host and Origin checks). Bodies are never buffered: an upload is encrypted chunk
// by chunk into a staged blob, then committed by the ordinary `artifacts:import` command (so it is
// validated, authorized and audited like any other); a download streams decrypted (or bundled)
// bytes with backpressure. Every failure answers: a refusal (wrong content type, too large, bad
// parameters, locked vault, unknown incident, a bundle that does not open) is audited like a refused
// command and answered with its status; a full disk is 507, any other I/O error 500 with its errno.
// Only a client that went away (its socket is gone) gets no answer.
//
//   POST /api/vault/upload?incidentId=…&name=…   body: the raw file (application/octet-stream)
//        optional header X-Bundle-Passphrase: import an evidence bundle from another console
//   GET  /api/vault/download?ticket=…            ticket from artifacts:export {destination:'download'}
import { once } from 'node:events';
import type http from 'node:http';
import { commands } from '../../shared/contract';
import { AppError, type ErrorBody } from '../../shared/errors';
import type { Core } from '../core/createCore';
import { zodIssues } from '../core/dispatcher';
import { contentDisposition } from '../core/vault/names';
import { VAULT_MAX_BYTES } from '../core/vault/vault';
import { STATUS_BY_CODE as STATUS, sendError, sendJson, type HostRoute } from './server';
import { isMediaType } from './security';


/** The browser host's transport name, as server.ts dispatches its commands. */
const TRANSPORT = 'http';

export interface VaultRouteOptions {
  /** Largest accepted upload in bytes (default 64 GiB). */
  maxUploadBytes?: number;
}

function refuse(req: http.IncomingMessage, res: http.ServerResponse, status: number, error: ErrorBody): void {
  // Answer without reading the rest of the body, then drop the connection so it is never buffered.
  sendError(res, status, error, { Connection: 'close' });
  res.on('finish', () => req.destroy());
}

/**
 * Whether the client went away, decided from the connection (never from an error's type): the
 * socket is gone, or the response closed before it was finished.
 */
function watchClient(req: http.IncomingMessage, res: http.ServerResponse): () => boolean {
  let closedEarly = false;
  res.once('close', () => {
    if (!res.writableFinished) closedEarly = true;
  });
  return () => closedEarly || req.socket.destroyed;
}

/** An I/O failure nobody anticipated still answers, with its errno as the reason (no paths, no data). */
function ioFailure(err: unknown): ErrorBody {
  const e = err as NodeJS.ErrnoException;
  const reason = e.code ? `I/O error ${e.code}${e.syscall ? ` (${e.syscall})` : ''}` : err instanceof Error ? err.name : 'unexpected error';
  return { code: 'internal', message: `The upload failed: ${reason}. Nothing was saved.` };
}

export function vaultRoutes(core: Core, opts: VaultRouteOptions = {}): HostRoute[] {
  const maxBytes = opts.maxUploadBytes ?? VAULT_MAX_BYTES;

  const upload: HostRoute = {
    method: 'POST',
    path: '/api/vault/upload',
    // A multi-GiB body takes longer than the host's 60 s request deadline; size is bounded below.
    longRunning: true,
    async handle(req, res, url) {
      const incidentId = url.searchParams.get('incidentId') ?? undefined;
      const name = url.searchParams.get('name') ?? undefined;
      /** Every refusal is audited like a refused artifacts:import (target only; never the passphrase). */
      const deny = async (status: number, error: ErrorBody) => {
        await core.auditRefusal('artifacts:import', { incidentId, name }, error.code, { transport: TRANSPORT });
        refuse(req, res, status, error);
      };
      if (!isMediaType(req.headers['content-type'], 'application/octet-stream')) {
        return deny(415, { code: 'invalid_input', message: 'Content-Type must be application/octet-stream.' });
      }
      const declared = Number(req.headers['content-length'] ?? NaN);
      if (Number.isFinite(declared) && declared > maxBytes) return deny(413, { code: 'invalid_input', message: `Upload is larger than ${maxBytes} bytes.` });
      const passHeader = req.headers['x-bundle-passphrase'];
      const bundlePassphrase = typeof passHeader === 'string' && passHeader.length > 0 ? passHeader : undefined;
      const probe = { incidentId, name, uploadId: 'pending', ...(bundlePassphrase ? { bundlePassphrase } : {}) };
      const parsed = commands['artifacts:import'].input.safeParse(probe);
      if (!parsed.success) {
        const issues = zodIssues(parsed.error);
        return deny(400, { code: 'invalid_input', message: `Invalid upload: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`, issues });
      }
      // Locked vault or unknown incident: refused before a byte of the body is read.
      try {
        await core.vault.checkUploadTarget(parsed.data.incidentId);
      } catch (err) {
        if (err instanceof AppError) return deny(STATUS[err.code], err.toBody());
        throw err;
      }

      const clientGone = watchClient(req, res);
      // Not destroyed when staging stops early (a full disk, too large): the answer still goes out.
      const body: AsyncIterable<Buffer> = { [Symbol.asyncIterator]: () => req.iterator({ destroyOnReturn: false }) };
      let uploadId: string;
      try {
        uploadId = await core.vault.stage(body, { bundlePassphrase, maxBytes });
      } catch (err) {
        if (clientGone()) {
          req.destroy();
          return; // nobody to answer; staging cleaned up after itself
        }
        if (err instanceof AppError) return deny(err.message.includes('larger than') ? 413 : STATUS[err.code], err.toBody());
        return deny(500, ioFailure(err));
      }
      const result = await core.dispatch('artifacts:import', { incidentId: parsed.data.incidentId, name: parsed.data.name, uploadId }, { transport: TRANSPORT });
      if (!result.ok) {
        core.vault.discardStaged(uploadId);
        return sendError(res, STATUS[result.error.code] ?? 500, result.error);
      }
      sendJson(res, 200, result);
    },
  };

  const download: HostRoute = {
    method: 'GET',
    path: '/api/vault/download',
    async handle(_req, res, url) {
      const ticket = url.searchParams.get('ticket') ?? '';
      if (!/^[A-Za-z0-9_-]{16,64}$/.test(ticket)) return sendError(res, 400, { code: 'invalid_input', message: 'Missing or malformed ticket.', issues: [{ path: 'ticket', message: 'is required' }] });
      let dl;
      try {
        dl = await core.vault.openDownload(ticket);
      } catch (err) {
        if (err instanceof AppError) return sendError(res, STATUS[err.code], err.toBody());
        throw err;
      }
      const it = dl.stream[Symbol.asyncIterator]();
      // Pull the first chunk before sending headers, so a plain export that fails its integrity
      // check answers with an error instead of a truncated 200.
      let first: IteratorResult<Buffer>;
      try {
        first = await it.next();
      } catch (err) {
        if (err instanceof AppError) return sendError(res, STATUS[err.code], err.toBody());
        throw err;
      }
      res.writeHead(200, {
        'Content-Type': dl.contentType,
        'Content-Disposition': contentDisposition(dl.fileName),
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
        'Content-Security-Policy': "default-src 'none'; sandbox",
        ...(dl.size !== null ? { 'Content-Length': String(dl.size) } : {}),
      });
      try {
        for (let r = first; !r.done; r = await it.next()) {
          if (!res.write(r.value)) await once(res, 'drain');
          if (res.destroyed) return;
        }
        res.end();
      } catch {
        // Mid-stream failure: the client sees a broken transfer, never a silently short file.
        res.destroy();
      }
    },
  };

  return [upload, download];
}
