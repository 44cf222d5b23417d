import { SETTING, type Setting } from '../../../adapters/aws/deploy-contract';

// Its own module, importing nothing but the deploy contract, so that reading a setting pulls no
// adapter into a bundle (functions/shared/environment/settings.ts says why bundles stay small).

/** A setting from the function's environment, under the name the deploy contract gives it. */
export const setting = (name: Setting): string | undefined => process.env[SETTING[name]] || undefined;

/** A setting the function cannot run without: a missing one stops it at start-up, naming it. */
export const requiredSetting = (name: Setting): string => {
  const value = setting(name);
  if (!value) throw new Error(`Configuration ${SETTING[name]} is not set.`);
  return value;
};
