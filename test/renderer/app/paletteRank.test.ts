// The palette's ranking, on the real action registry: what a commander types first finds the action
// they mean, and words found only inside other words or scattered letters find nothing.
import { describe, expect, it } from 'vitest';
import { actions } from '../../../renderer/src/app/actions';
import { rankCommand } from '../../../renderer/src/app/paletteRank';

const ranked = (search: string) =>
  actions
    .map((a) => ({ title: a.title, score: rankCommand(a.title, search, [...(a.keywords ?? []), a.id]) }))
    .filter((r) => r.score > 0)
    .sort((a, b) => b.score - a.score)
    .map((r) => r.title);

describe('palette ranking', () => {
  it('tiers: exact title, title prefix, word start in the title, keyword, substring; nothing for scattered letters', () => {
    const exact = rankCommand('Resolve incident…', 'resolve incident');
    const prefix = rankCommand('Resolve incident…', 'resol');
    const wordStart = rankCommand('Change status…', 'stat');
    const keyword = rankCommand('Change status…', 'resolve', ['resolve']);
    const keywordPrefix = rankCommand('Record milestone…', 'resolve', ['resolved']);
    const substring = rankCommand('Add evidence to the vault…', 'iden');
    expect(exact).toBeGreaterThan(prefix);
    expect(prefix).toBeGreaterThan(wordStart);
    expect(wordStart).toBeGreaterThan(keyword);
    expect(keyword).toBeGreaterThan(keywordPrefix);
    expect(keywordPrefix).toBeGreaterThan(substring);
    expect(substring).toBeGreaterThan(0);
    // cmdk's default would match these letters spread over the title; a commander never means that.
    expect(rankCommand('Retry everything that needs attention in the outbox', 'resolve')).toBe(0);
    expect(rankCommand('Record milestone…', 'rslv')).toBe(0);
    // Every typed word must match.
    expect(rankCommand('Export timeline as Markdown', 'export pdf')).toBe(0);
    expect(rankCommand('Anything', '')).toBe(1);
  });

  it('"resolve" puts the resolve action first, and only related actions after it', () => {
    const hits = ranked('resolve');
    expect(hits[0]).toBe('Resolve incident…');
    expect(hits).toEqual(['Resolve incident…', 'Change status…', 'Record milestone…']);
  });

  it('every named action of a commander is found by its first word', () => {
    expect(ranked('post update')[0]).toBe('Post a status update…');
    expect(ranked('page')[0]).toBe('Page / escalate…');
    expect(ranked('escalate')[0]).toBe('Page / escalate…');
    expect(ranked('export timeline')[0]).toMatch(/^Export timeline as /);
    expect(ranked('export timeline').slice(0, 2).sort()).toEqual(['Export timeline as JSON', 'Export timeline as Markdown']);
    expect(ranked('focus timeline')[0]).toBe('Focus timeline');
    expect(ranked('take command')[0]).toBe('Take command (become Incident Commander)');
    expect(ranked('declare')[0]).toBe('Declare incident…');
  });

  it('titles are unique (the palette keys items by title)', () => {
    const titles = actions.map((a) => a.title);
    expect(titles.filter((t, i) => titles.indexOf(t) !== i)).toEqual([]);
  });
});
