// Browser-side byte helpers: files and pasted screenshots to base64 for `artifacts:import`, and
// exported bytes back to a download. Decrypted bytes only ever live in memory (Blob URLs revoked).

/** The browser host accepts JSON bodies up to 1 MiB, so inline imports stop a little below. */
export const HTTP_INLINE_MAX = 700 * 1024;
/** Over Electron IPC the contract's own bound applies (16 MiB of base64). */
export const IPC_INLINE_MAX = 12 * 1024 * 1024;

export function bytesToBase64(bytes: Uint8Array): string {
  let s = '';
  const step = 0x8000;
  for (let i = 0; i < bytes.length; i += step) s += String.fromCharCode(...bytes.subarray(i, i + step));
  return btoa(s);
}

export function base64ToBytes(b64: string): Uint8Array<ArrayBuffer> {
  const bin = atob(b64);
  const out = new Uint8Array(new ArrayBuffer(bin.length));
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export async function fileToBase64(file: Blob): Promise<string> {
  return bytesToBase64(new Uint8Array(await file.arrayBuffer()));
}

/** Hand bytes to the browser as a download, then forget them. */
export function saveBytes(b64: string, fileName: string): void {
  const url = URL.createObjectURL(new Blob([base64ToBytes(b64)], { type: 'application/octet-stream' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function humanSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = bytes / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}

/** Raster types the preview may show as an <img>; anything else (SVG above all) stays text. */
export const RASTER_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/bmp']);
