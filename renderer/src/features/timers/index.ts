// Public entry of the time-boxes feature.
export { TimersPane } from './TimersPane';
export { OverdueAsksBadge, TimeboxBanner } from './TimeboxBanner';
export { timersActions } from './actions';
