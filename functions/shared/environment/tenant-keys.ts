import { dedicatedKeys, tenantKeysFromJson } from '../../../adapters/aws/tenant-keys';

/** The provisioned tenant keys (`{"<tenantId>":"<key ARN>"}`), without the Encryption SDK. */
export const tenantKeysFromEnvironment = () => tenantKeysFromJson(process.env.VIVIFIED_TENANT_KEYS);

/** Who has a dedicated key: what tenant creation checks. */
export const dedicatedKeysFromEnvironment = () => dedicatedKeys(tenantKeysFromEnvironment());
