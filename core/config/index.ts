export { SECRET_MASK, secretFields } from './secrets';
export { type ConfigCheck, checkConfig } from './validate';
