// Public entry of the integrations settings feature.
export { IntegrationsPane } from './IntegrationsPane';
export { integrationsActions } from './actions';
