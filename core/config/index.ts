export { type ConfigCheck, checkConfig, defaultConfig, SECRET_MASK, secretFields } from './validate';
