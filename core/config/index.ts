export { secretFields } from './secret-fields';
export { type SecretBinding, secretBindings } from './secret-hosts';
export { type ConfigCheck, checkConfig, SECRET_MASK } from './validate';
