// Hand content to the browser as a file download. The Blob URL is revoked shortly after, so the
// content does not outlive the download in memory.
export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Text the backend produced (an export), as a file of the given media type in UTF-8. */
export function saveTextFile(fileName: string, content: string, mediaType: string): void {
  downloadBlob(new Blob([content], { type: `${mediaType};charset=utf-8` }), fileName);
}
