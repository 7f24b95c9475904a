// The timeline commands: append, page through, pin, correct (every version kept), export.
import { defineHandlers } from '../command';
import { exportTimeline } from './export';
import { appendEntry, correctEntry, entryHistory, listEntries, pinEntry } from './timeline';

export const timelineHandlers = defineHandlers(['timeline'], () => ({
  'timeline:append': appendEntry,
  'timeline:list': listEntries,
  'timeline:pin': pinEntry,
  'timeline:correct': correctEntry,
  'timeline:history': entryHistory,
  'timeline:export': exportTimeline,
}));
