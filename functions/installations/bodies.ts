import { bodyValidator } from '../shared/body';
import generated from '../shared/generated/installations-bodies';

// The schemas are in body-schemas.ts; these parsers run the validators generated from them.
export const parseInstall = bodyValidator(generated.installBody);
export const parseConfigure = bodyValidator(generated.configureBody);
export const parseUpgrade = bodyValidator(generated.upgradeBody);
