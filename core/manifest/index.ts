export { describePermissions } from './describe';
export { diffPermissions } from './diff';
export { domainProblem, normalizeDomain } from './domains';
export { PHI_RETENTION_DAYS } from './rules';
export * from './types';
export { assertValidManifest, MAX_REPORTED_ERRORS, type ManifestCheck, validateManifest } from './validate';
