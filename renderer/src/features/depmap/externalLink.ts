// The one way the renderer opens a link outside the app: https only, validated here and again by
// the shell, opened without an opener or referrer.
import { safeExternalUrl } from '../../../../shared/domain/catalog';

export function openExternal(url: string): boolean {
  const safe = safeExternalUrl(url);
  if (!safe) return false;
  window.open(safe, '_blank', 'noopener,noreferrer');
  return true;
}
