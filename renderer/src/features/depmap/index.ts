// Public entry of the dependency map feature.
export { DepMapPane } from './DepMapPane';
export { depmapActions } from './actions';
export { layoutGraph, fastLayout, elkLayout } from './layout';
