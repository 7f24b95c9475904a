// Public entry of the timeline feature.
export { TimelinePane, TimelineList } from './TimelinePane';
export { timelineActions } from './actions';
export { timelineUiActions } from './uiStore';
