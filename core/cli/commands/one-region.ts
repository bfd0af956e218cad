import { InputError } from '../../errors.js';
import type { CommonOptions } from '../options.js';

/** A monkey that works in one region: --region if given once, else the config's first region. */
export async function oneRegion(monkey: string, options: CommonOptions): Promise<string> {
  const regions = options.region ?? [];
  if (regions.length > 1) {
    throw new InputError(`${monkey} works in one region at a time, but --region was given ${regions.length} times`);
  }
  if (regions[0]) return regions[0];
  const { loadConfig } = await import('../../config/load.js');
  const config = loadConfig({ configPath: options.config, flags: { endpointUrl: options.endpointUrl } });
  return config.global.regions[0] as string;
}
