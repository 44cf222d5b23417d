export { type AddressVerdict, classifyAddress, parseAddress } from './address';
export { matchAllowlist, normalizeHost } from './host';
export {
  type AddressesDecision,
  checkAddresses,
  checkUrl,
  type EgressDecision,
  type EgressPolicy,
} from './url';
