// Public entry of the timeline feature.
export { TimelinePane, TimelineList } from './TimelinePane';
export { Composer } from './Composer';
export { timelineUiActions } from './uiStore';
