import { observability } from '../shared/control-plane';
import { auditFromEnvironment } from '../shared/environment/registry';
import { authenticationFromEnvironment, settingsFromEnvironment } from '../shared/environment/settings';
import { auditApi } from './api';

/** Lambda entry for the audit routes; adapters and clients are built once per container. */
export const handler = auditApi({
  audit: auditFromEnvironment(),
  authenticate: authenticationFromEnvironment(),
  ...observability('audit'),
  settings: settingsFromEnvironment(),
});
