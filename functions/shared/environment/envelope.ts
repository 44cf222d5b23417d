import { kmsEnvelope } from '../../../adapters/aws/envelope';
import { required } from './settings';

/** Envelope encryption of config secrets (the Encryption SDK: only the functions that seal or open). */
export const envelopeFromEnvironment = () => kmsEnvelope({ keyId: required('VIVIFIED_KMS_KEY_ID') });
