export { SECRET_MASK, secretFields } from './secret-fields';
export { type SecretBinding, secretBindings } from './secret-hosts';
export { type ConfigCheck, checkConfig, defaultConfig } from './validate';
