export { describePermissions } from './describe';
export { diffPermissions, type PermissionChanges, type PermissionDiff } from './diff';
export * from './types';
export { assertValidManifest, type ManifestCheck, validateManifest } from './validate';
