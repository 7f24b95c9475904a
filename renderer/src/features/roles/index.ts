// Public entry of the role board feature.
export { RolesPane } from './RolesPane';
export { rolesActions } from './actions';
