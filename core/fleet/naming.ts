import type { GroupNaming } from './model.js';

// Frigga's convention: app[-stack[-detail]][-vNNN]; the detail may itself hold dashes.
const VERSION_SUFFIX = /-v\d{3,}$/;

/**
 * Splits a group name into app, stack, detail and cluster (`web-prod-blue-v042` → web / prod / blue, cluster
 * web-prod-blue). An empty stack (`web--blue`) is null, as is a missing detail.
 */
export function parseGroupName(name: string): GroupNaming {
  const cluster = name.replace(VERSION_SUFFIX, '');
  const [app = cluster, stack, ...detailParts] = cluster.split('-');
  const detail = detailParts.join('-');
  return {
    app,
    stack: stack ? stack : null,
    detail: detail ? detail : null,
    cluster,
  };
}

/** Canary and baseline clusters (`web-prod-canary`) are compared against each other and never chaos targets. */
export function isCanaryOrBaseline(naming: GroupNaming): boolean {
  return /-(canary|baseline)$/i.test(naming.cluster);
}
