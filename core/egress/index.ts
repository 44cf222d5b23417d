export { type AddressVerdict, classifyAddress, parseAddress } from './address';
export { matchAllowlist, normalizeHost } from './host';
export { carryAcrossRedirect, type RedirectCarry, type RedirectedRequest } from './redirect';
export { checkSecretHosts, type SecretHostDecision } from './secret-hosts';
export {
  type AddressesDecision,
  checkAddresses,
  checkUrl,
  type EgressDecision,
  type EgressPolicy,
} from './url';
