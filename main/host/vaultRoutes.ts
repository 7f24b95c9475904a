// Streaming endpoints of the artifact vault on the browser host (authenticated by the host before
// these run: token, Host and Origin checks). Bodies are never buffered: an upload is encrypted chunk
// by chunk into a staged blob, then committed by the ordinary `artifacts:import` command (so it is
// validated, authorized and audited like any other); a download streams decrypted (or bundled)
// bytes with backpressure.
//
//   POST /api/vault/upload?incidentId=…&name=…   body: the raw file (application/octet-stream)
//        optional header X-Bundle-Passphrase: import an evidence bundle from another console
//   GET  /api/vault/download?ticket=…            ticket from artifacts:export {destination:'download'}
import { once } from 'node:events';
import type http from 'node:http';
import { commands } from '../../shared/contract';
import { AppError, type ErrorCode } from '../../shared/errors';
import type { Core } from '../core/core';
import { zodIssues } from '../core/dispatcher';
import { contentDisposition } from '../core/vault/names';
import { VAULT_MAX_BYTES } from '../core/vault/vault';
import { STATUS_BY_CODE as STATUS, sendError, sendJson, type HostRoute } from './server';


export interface VaultRouteOptions {
  /** Largest accepted upload in bytes (default 64 GiB). */
  maxUploadBytes?: number;
}

function refuse(req: http.IncomingMessage, res: http.ServerResponse, status: number, code: ErrorCode, message: string, issues?: Array<{ path: string; message: string }>): void {
  // Answer without reading the body, then drop the connection so the rest is never buffered.
  sendError(res, status, { code, message, ...(issues ? { issues } : {}) }, { Connection: 'close' });
  res.on('finish', () => req.destroy());
}

export function vaultRoutes(core: Core, opts: VaultRouteOptions = {}): HostRoute[] {
  const maxBytes = opts.maxUploadBytes ?? VAULT_MAX_BYTES;

  const upload: HostRoute = {
    method: 'POST',
    path: '/api/vault/upload',
    // A multi-GiB body takes longer than the host's 60 s request deadline; size is bounded below.
    longRunning: true,
    async handle(req, res, url) {
      if (!/^application\/octet-stream\b/i.test(req.headers['content-type'] ?? '')) {
        return refuse(req, res, 415, 'invalid_input', 'Content-Type must be application/octet-stream.');
      }
      const declared = Number(req.headers['content-length'] ?? NaN);
      if (Number.isFinite(declared) && declared > maxBytes) return refuse(req, res, 413, 'invalid_input', `Upload is larger than ${maxBytes} bytes.`);
      const passHeader = req.headers['x-bundle-passphrase'];
      const bundlePassphrase = typeof passHeader === 'string' && passHeader.length > 0 ? passHeader : undefined;
      const probe = { incidentId: url.searchParams.get('incidentId') ?? undefined, name: url.searchParams.get('name') ?? undefined, uploadId: 'pending', ...(bundlePassphrase ? { bundlePassphrase } : {}) };
      const parsed = commands['artifacts:import'].input.safeParse(probe);
      if (!parsed.success) {
        const issues = zodIssues(parsed.error);
        return refuse(req, res, 400, 'invalid_input', `Invalid upload: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`, issues);
      }
      if (!core.vault.isUnlocked()) return refuse(req, res, 503, 'unavailable', 'The vault is locked: unlock it to import evidence.');

      let uploadId: string;
      try {
        uploadId = await core.vault.stage(req, { bundlePassphrase, maxBytes });
      } catch (err) {
        if (err instanceof AppError) return refuse(req, res, err.message.includes('larger than') ? 413 : STATUS[err.code], err.code, err.message, err.issues);
        if (req.destroyed || (err as NodeJS.ErrnoException).code === 'ECONNRESET') return; // client went away; staging cleaned up
        throw err;
      }
      const result = await core.dispatch('artifacts:import', { incidentId: parsed.data.incidentId, name: parsed.data.name, uploadId }, { transport: 'http' });
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
