// How a file reaches the vault from this window, whatever the transport: streamed to the browser
// host's upload endpoint (any size), or inline through artifacts:import in the Electron window and
// in-process clients (up to INLINE_UPLOAD_MAX_BYTES); and the preload's native open/save dialogs
// when the Electron window offers them (main/app/fileDialogs.ts: the main process picks the path).
import type { VaultImportFilesResult, VaultSaveExportResult } from '../../../../shared/desktop';
import type { ArtifactSummary, ExportFormat } from '../../../../shared/domain/vault';
import { AppError } from '../../../../shared/errors';
import { toAppError, type ApiClient, type UploadOptions } from '../../lib/api';
import { bytesToBase64 } from './base64';

/** The browser host's streaming import (main/host/vaultRoutes.ts): encrypts while the body arrives. */
export const VAULT_UPLOAD_PATH = '/api/vault/upload';

/** Largest body sent inline over IPC: the contract takes 16 MiB of base64, i.e. 12 MiB of bytes. */
export const INLINE_UPLOAD_MAX_BYTES = 12 * 1024 * 1024;

const BIG_FILE_HINT = 'Larger files need the desktop file dialog ("Add files…"), which this app version does not offer; use the browser console (npm run web), which streams any size.';
const BIG_FILE_HINT_NATIVE = 'Choose it with "Add files…": the system file dialog streams any size.';

const mib = (n: number) => `${(n / (1024 * 1024)).toFixed(1)} MiB`;

function headerValue(headers: Record<string, string>, name: string): string | undefined {
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : headers[key];
}

/** The preload's native vault dialogs, when this is the Electron window and its preload has them. */
export interface NativeVaultFiles {
  /** The system "open" dialog, then every chosen file is encrypted into the incident's vault, streamed from its path. */
  pickAndImportFiles(incidentId: string): Promise<VaultImportFilesResult>;
  /** The system "save" dialog, then the export is streamed to the chosen file. */
  saveExport(id: string, format: ExportFormat, passphrase?: string): Promise<VaultSaveExportResult>;
}

interface PreloadVaultFiles {
  importFiles(incidentId: string): Promise<unknown>;
  saveExport(id: string, format: ExportFormat, passphrase?: string): Promise<unknown>;
}

function preloadVaultFiles(api: ApiClient): PreloadVaultFiles | null {
  const files = api.preload?.vaultFiles as Partial<PreloadVaultFiles> | undefined;
  return files && typeof files.importFiles === 'function' && typeof files.saveExport === 'function' ? (files as PreloadVaultFiles) : null;
}

export function nativeVaultFiles(api: ApiClient): NativeVaultFiles | null {
  const files = preloadVaultFiles(api);
  if (!files) return null;
  return {
    async pickAndImportFiles(incidentId) {
      try {
        return (await files.importFiles(incidentId)) as VaultImportFilesResult;
      } catch (err) {
        throw toAppError(err, 'vault import');
      }
    },
    async saveExport(id, format, passphrase) {
      try {
        return (await (passphrase === undefined ? files.saveExport(id, format) : files.saveExport(id, format, passphrase))) as VaultSaveExportResult;
      } catch (err) {
        throw toAppError(err, 'vault export');
      }
    },
  };
}

/**
 * Send one file to the vault with the upload endpoint's query (incidentId, name, source) and
 * headers (X-Bundle-Passphrase): streamed on the browser host, inline elsewhere.
 */
export async function uploadArtifact(api: ApiClient, body: Blob, query: Record<string, string>, headers: Record<string, string> = {}, options: UploadOptions = {}): Promise<ArtifactSummary> {
  if (api.transport === 'http') return api.upload<ArtifactSummary>(VAULT_UPLOAD_PATH, body, query, headers, options);
  const bigFileHint = preloadVaultFiles(api) ? BIG_FILE_HINT_NATIVE : BIG_FILE_HINT;
  const what = query.name ? `“${query.name}”` : 'This file';
  if (body.size > INLINE_UPLOAD_MAX_BYTES) {
    throw new AppError(
      'invalid_input',
      `${what} is ${mib(body.size)}; the app window sends files up to ${mib(INLINE_UPLOAD_MAX_BYTES)} directly. ${bigFileHint}`,
      [{ path: 'file', message: `is larger than ${INLINE_UPLOAD_MAX_BYTES} bytes` }],
    );
  }
  options.signal?.throwIfAborted();
  const dataBase64 = bytesToBase64(new Uint8Array(await body.arrayBuffer()));
  options.signal?.throwIfAborted();
  const bundlePassphrase = headerValue(headers, 'X-Bundle-Passphrase');
  const source = query.source === 'file' || query.source === 'paste' ? query.source : undefined;
  try {
    const result = await api.invoke('artifacts:import', {
      incidentId: query.incidentId ?? '',
      name: query.name ?? '',
      dataBase64,
      ...(bundlePassphrase ? { bundlePassphrase } : {}),
      ...(source ? { source } : {}),
    });
    options.onProgress?.(body.size, body.size);
    return result;
  } catch (err) {
    throw toAppError(err, 'artifacts:import');
  }
}
