// How well a palette item matches what was typed, for cmdk's `filter` (0 hides the item; higher
// sorts first). A commander types the start of what they mean: "resolve", "page", "export tim".
// So the tiers are: the whole title, the start of the title, the start of a word of the title,
// then a keyword, then a substring of the title; a keyword merely containing the letters, or
// letters scattered over the title (cmdk's default fuzzy match), does not count at all.

const TIER = {
  exactTitle: 1,
  titlePrefix: 0.9,
  titleWordStart: 0.7,
  keywordExact: 0.55,
  keywordPrefix: 0.45,
  titleSubstring: 0.3,
} as const;

const normalise = (s: string) => s.toLowerCase().replace(/…/g, '').replace(/\s+/g, ' ').trim();
const words = (s: string) => s.split(/[^\p{L}\p{N}]+/u).filter(Boolean);

function tokenScore(token: string, title: string, titleWords: string[], keywords: string[]): number {
  if (titleWords.some((w) => w.startsWith(token))) return titleWords[0]!.startsWith(token) ? TIER.titleWordStart + 0.05 : TIER.titleWordStart;
  if (keywords.some((k) => k === token)) return TIER.keywordExact;
  if (keywords.some((k) => k.startsWith(token))) return TIER.keywordPrefix;
  if (token.length >= 3 && title.includes(token)) return TIER.titleSubstring;
  return 0;
}

/**
 * Score `value` (the item's title) against `search`. `keywords` are the item's extra words (its
 * id and keywords). Every typed word must match something; the item scores as its weakest word.
 */
export function rankCommand(value: string, search: string, keywords: readonly string[] = []): number {
  const query = normalise(search);
  if (!query) return 1;
  const title = normalise(value);
  // Shorter titles win ties: "Resolve incident" before "Resolve incident and notify everyone".
  const tieBreak = 0.01 * (1 / (1 + title.length / 40));
  if (title === query) return TIER.exactTitle;
  if (title.startsWith(query)) return TIER.titlePrefix + tieBreak;
  const titleWords = words(title);
  const keywordWords = [...new Set(keywords.flatMap((k) => [normalise(k), ...words(normalise(k))]))];
  let score = Infinity;
  for (const token of query.split(' ')) {
    const s = tokenScore(token, title, titleWords, keywordWords);
    if (s === 0) return 0;
    score = Math.min(score, s);
  }
  // A phrase found as typed, in order, beats the same words apart.
  const phrase = titleWords.join(' ').includes(query) ? 0.05 : 0;
  return Math.min(TIER.titlePrefix - 0.01, score + phrase) + tieBreak;
}
