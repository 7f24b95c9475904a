// What an artifact really is, judged from its first bytes rather than its name. A name whose
// extension promises something else (a "screenshot.png" that is HTML, an "invoice.pdf" that is a
// Windows executable) is flagged in the list.

export type ContentFamily = 'image' | 'text' | 'svg' | 'html' | 'pdf' | 'archive' | 'executable' | 'binary' | 'empty';

export interface Sniffed {
  contentType: string;
  family: ContentFamily;
}

const SIGNATURES: Array<{ test: (b: Buffer) => boolean; contentType: string; family: ContentFamily }> = [
  { test: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])), contentType: 'image/png', family: 'image' },
  { test: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff, contentType: 'image/jpeg', family: 'image' },
  { test: (b) => /^GIF8[79]a/.test(b.subarray(0, 6).toString('latin1')), contentType: 'image/gif', family: 'image' },
  { test: (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP', contentType: 'image/webp', family: 'image' },
  { test: (b) => b.subarray(0, 2).toString('latin1') === 'BM' && b.length > 14, contentType: 'image/bmp', family: 'image' },
  { test: (b) => b.subarray(0, 5).toString('latin1') === '%PDF-', contentType: 'application/pdf', family: 'pdf' },
  { test: (b) => b[0] === 0x50 && b[1] === 0x4b && (b[2] === 0x03 || b[2] === 0x05) , contentType: 'application/zip', family: 'archive' },
  { test: (b) => b[0] === 0x1f && b[1] === 0x8b, contentType: 'application/gzip', family: 'archive' },
  { test: (b) => b.subarray(0, 8).toString('latin1') === 'CPBUNDLE', contentType: 'application/x-command-post-bundle', family: 'binary' },
  { test: (b) => b[0] === 0x7f && b.subarray(1, 4).toString('latin1') === 'ELF', contentType: 'application/x-executable', family: 'executable' },
  { test: (b) => b[0] === 0x4d && b[1] === 0x5a, contentType: 'application/x-msdownload', family: 'executable' },
  { test: (b) => b.subarray(0, 4).equals(Buffer.from([0xcf, 0xfa, 0xed, 0xfe])) || b.subarray(0, 4).equals(Buffer.from([0xfe, 0xed, 0xfa, 0xcf])), contentType: 'application/x-mach-binary', family: 'executable' },
];

function isLikelyText(b: Buffer): boolean {
  if (b.includes(0)) return false;
  // Tolerate a multi-byte character cut at the end of the sniffed window.
  const text = new TextDecoder('utf-8', { fatal: false }).decode(b.subarray(0, Math.max(0, b.length - 4)));
  const bad = (text.match(/\uFFFD/g) ?? []).length;
  // eslint-disable-next-line no-control-regex -- counting control characters is the point
  const controls = (text.match(/[\u0001-\u0008\u000e-\u001f]/g) ?? []).length;
  return bad === 0 && controls <= text.length / 100;
}

export function sniff(head: Buffer): Sniffed {
  if (head.length === 0) return { contentType: 'application/octet-stream', family: 'empty' };
  for (const s of SIGNATURES) if (s.test(head)) return { contentType: s.contentType, family: s.family };
  if (isLikelyText(head)) {
    const start = head.subarray(0, 1024).toString('utf8').replace(/^\uFEFF/, '').trimStart().toLowerCase();
    if (start.startsWith('<svg') || (start.startsWith('<?xml') && start.includes('<svg'))) return { contentType: 'image/svg+xml', family: 'svg' };
    if (/^(<!doctype html|<html|<head|<body|<script|<iframe)/.test(start)) return { contentType: 'text/html', family: 'html' };
    if (start.startsWith('{') || start.startsWith('[')) return { contentType: 'application/json', family: 'text' };
    return { contentType: 'text/plain; charset=utf-8', family: 'text' };
  }
  return { contentType: 'application/octet-stream', family: 'binary' };
}

const EXTENSION_FAMILY: Record<string, ContentFamily> = {
  png: 'image', jpg: 'image', jpeg: 'image', gif: 'image', webp: 'image', bmp: 'image',
  txt: 'text', log: 'text', md: 'text', csv: 'text', tsv: 'text', json: 'text', ndjson: 'text', yaml: 'text', yml: 'text', xml: 'text', ini: 'text', conf: 'text', out: 'text', har: 'text',
  svg: 'svg', html: 'html', htm: 'html',
  pdf: 'pdf',
  zip: 'archive', gz: 'archive', tgz: 'archive',
  exe: 'executable', dll: 'executable', msi: 'executable', elf: 'executable',
};

/** Extensions whose family must match exactly; unknown extensions are not judged. */
export function extensionOf(name: string): string {
  const m = /\.([A-Za-z0-9]{1,10})$/.exec(name);
  return m ? m[1]!.toLowerCase() : '';
}

export function expectedFamily(name: string): ContentFamily | null {
  return EXTENSION_FAMILY[extensionOf(name)] ?? null;
}

/** True when the name promises a kind of content the bytes do not have. */
export function extensionMismatch(name: string, s: Sniffed): boolean {
  const expected = expectedFamily(name);
  if (expected === null || s.family === 'empty') return false;
  if (expected === s.family) {
    if (expected !== 'image') return false;
    // A .jpg that is a PNG is still a mismatch: viewers pick decoders by name.
    const ext = extensionOf(name);
    const sub = s.contentType.split('/')[1];
    return !(sub === ext || (sub === 'jpeg' && ext === 'jpg'));
  }
  // HTML and SVG are text too; a .txt holding HTML is still worth a flag, the reverse is not.
  if ((expected === 'html' || expected === 'svg') && s.family === 'text') return false;
  return true;
}

/** What the renderer may do with decrypted bytes. SVG and HTML are never rendered, only shown as text. */
export function previewKind(s: Sniffed): 'image' | 'text' | 'none' {
  if (s.family === 'image') return 'image';
  if (s.family === 'text' || s.family === 'svg' || s.family === 'html' || s.family === 'empty') return 'text';
  return 'none';
}
