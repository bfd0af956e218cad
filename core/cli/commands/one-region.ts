import type { CommonOptions } from '../options.js';

/**
 * The regions a manual run works in, each in turn: every --region given (repeated ones once), else the config's
 * first region.
 */
export async function runRegions(options: CommonOptions): Promise<string[]> {
  const given = [...new Set(options.region ?? [])];
  if (given.length > 0) return given;
  const { loadConfig } = await import('../../config/load.js');
  const config = loadConfig({ configPath: options.config, flags: { endpointUrl: options.endpointUrl } });
  return [config.global.regions[0] as string];
}
