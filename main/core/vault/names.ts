// Original file names are metadata only: blobs are named by their ciphertext hash, so no name can
// choose where anything is written. We still store a cleaned display form, because names end up in
// lists, exports and other people's file systems.

const MAX_NAME = 200;
// Bidi overrides/isolates can disguise "gpj.exe" as "exe.jpg"; zero-width characters hide text.
const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\uFEFF]/g;
// eslint-disable-next-line no-control-regex -- stripping control characters is the point
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/g;
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;

/** A display name without path parts, control or invisible characters; never empty. */
export function cleanName(raw: string): string {
  let name = raw.normalize('NFC').replace(CONTROL, '').replace(INVISIBLE, '');
  // Keep only the last path component, whatever the separator (POSIX, Windows, UNC).
  name = name.split(/[\\/]/).filter((p) => p.length > 0).pop() ?? '';
  name = name.replace(/[<>:"|?*]/g, '_').trim().replace(/^\.+/, '').replace(/[. ]+$/, '');
  if (WINDOWS_RESERVED.test(name)) name = `_${name}`;
  if ([...name].length > MAX_NAME) {
    const ext = /\.[A-Za-z0-9]{1,10}$/.exec(name)?.[0] ?? '';
    name = [...name].slice(0, MAX_NAME - ext.length).join('') + ext;
  }
  return name || 'artifact';
}

/** RFC 6266/5987 Content-Disposition for a download of `name`. */
export function contentDisposition(name: string): string {
  const clean = cleanName(name);
  const ascii = clean.replace(/[^\x20-\x7E]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(clean)}`;
}
