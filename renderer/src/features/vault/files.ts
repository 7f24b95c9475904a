// Browser-side byte helpers: files and pasted screenshots into the vault (streamed to the browser
// host, inline over Electron IPC), and exported bytes back to a download. Decrypted bytes only ever
// live in memory (Blob URLs revoked).
import { humanSize } from '../../../../shared/format';
import { AppError } from '../../../../shared/errors';
import type { ArtifactSummary } from '../../../../shared/domain/vault';
import type { ApiClient, UploadOptions } from '../../lib/api';
import { base64ToBytes, bytesToBase64 } from './base64';
import { uploadArtifact } from './upload';
import { downloadBlob } from '../../lib/download';

/** The browser host accepts JSON bodies up to 1 MiB, so inline imports stop a little below. */
export const HTTP_INLINE_MAX = 700 * 1024;

/**
 * HTTP headers carry Latin-1 only and lose surrounding spaces, so a bundle passphrase that does not
 * survive that goes inline in the JSON command instead of in X-Bundle-Passphrase.
 */
export const headerSafe = (v: string) => /^[\x21-\x7e\xa1-\xff]([\x20-\x7e\xa0-\xff]*[\x21-\x7e\xa1-\xff])?$/.test(v);

export interface ArtifactUpload extends UploadOptions {
  incidentId: string;
  name: string;
  source?: 'file' | 'paste';
  bundlePassphrase?: string;
}

/**
 * Add a file to the vault. On the browser host it streams (any size); in the Electron window it goes
 * inline up to INLINE_UPLOAD_MAX_BYTES (the contract's 16 MiB of base64) and is otherwise refused with a pointer to a path that streams (upload.ts).
 */
export async function importArtifact(api: ApiClient, file: Blob, u: ArtifactUpload): Promise<ArtifactSummary> {
  const query: Record<string, string> = { incidentId: u.incidentId, name: u.name, ...(u.source ? { source: u.source } : {}) };
  const options: UploadOptions = { ...(u.onProgress ? { onProgress: u.onProgress } : {}), ...(u.signal ? { signal: u.signal } : {}) };
  if (api.transport === 'http' && u.bundlePassphrase !== undefined && !headerSafe(u.bundlePassphrase)) {
    if (file.size > HTTP_INLINE_MAX) {
      throw new AppError('invalid_input', `This bundle is ${humanSize(file.size)} and its passphrase has characters an HTTP header cannot carry; the browser sends such bundles up to ${humanSize(HTTP_INLINE_MAX)}. Import it by path instead.`);
    }
    return api.invoke('artifacts:import', { incidentId: u.incidentId, name: u.name, dataBase64: await fileToBase64(file), bundlePassphrase: u.bundlePassphrase });
  }
  const headers: Record<string, string> = u.bundlePassphrase !== undefined ? { 'X-Bundle-Passphrase': u.bundlePassphrase } : {};
  return uploadArtifact(api, file, query, headers, options);
}

export async function fileToBase64(file: Blob): Promise<string> {
  return bytesToBase64(new Uint8Array(await file.arrayBuffer()));
}

/** Hand bytes to the browser as a download, then forget them. */
export function saveBytes(b64: string, fileName: string): void {
  saveBlob(new Blob([base64ToBytes(b64)], { type: 'application/octet-stream' }), fileName);
}

/** Evidence always leaves as octet-stream: the browser must not render or sniff decrypted content. */
export function saveBlob(blob: Blob, fileName: string): void {
  downloadBlob(blob.type === 'application/octet-stream' ? blob : new Blob([blob], { type: 'application/octet-stream' }), fileName);
}

export { humanSize };

/** Raster types the preview may show as an <img>; anything else (SVG above all) stays text. */
export const RASTER_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/bmp']);
