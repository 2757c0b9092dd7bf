// One file per IdP under presets/; this module is their one entry point.
export { okta, type OktaPresetOptions } from './presets/okta.js';
export { auth0, type Auth0PresetOptions } from './presets/auth0.js';
export { entra, type EntraPresetOptions } from './presets/entra.js';
export { cognito, type CognitoPresetOptions } from './presets/cognito.js';
export { keycloak, type KeycloakPresetOptions } from './presets/keycloak.js';
