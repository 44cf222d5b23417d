export { type SecretBinding, secretBindings } from './secret-hosts';
export { type ConfigCheck, checkConfig, SECRET_MASK, secretFields } from './validate';
