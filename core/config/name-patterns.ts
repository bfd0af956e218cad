/** AWS region and zone names (no zod here: the CLI checks its flags with them before loading anything heavy). */
export const REGION_PATTERN = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d+$/;
export const ZONE_PATTERN = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d+[a-z]$/;
