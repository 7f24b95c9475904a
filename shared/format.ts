// Formatting shared by the core (messages) and the renderer (labels).

/** 1536 → "1.5 KiB": binary units, one decimal below 10. */
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

const NUMBER = new Intl.NumberFormat('en-US');

/**
 * A count with the word that agrees with it: count(1, 'entry', 'entries') → "1 entry",
 * count(50000, 'entry', 'entries') → "50,000 entries". The plural defaults to one + "s".
 */
export function count(n: number, one: string, many = `${one}s`): string {
  return `${NUMBER.format(n)} ${n === 1 ? one : many}`;
}
