export { type ConfigCheck, checkConfig, SECRET_MASK, secretFields } from './validate';
