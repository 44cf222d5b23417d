import { dedicatedKeys, tenantKeysFromJson } from '../../../adapters/aws/tenant-keys';
import { setting } from './setting';

/** The provisioned tenant keys (`{"<tenantId>":"<key ARN>"}`), without the Encryption SDK. */
export const tenantKeysFromEnvironment = () => tenantKeysFromJson(setting('tenantKeys'));

/** Who has a dedicated key: what tenant creation checks. */
export const dedicatedKeysFromEnvironment = () => dedicatedKeys(tenantKeysFromEnvironment());
