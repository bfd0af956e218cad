import { describe, expect, it } from 'vitest';
import { isCanaryOrBaseline, parseGroupName } from '../../core/fleet/naming.js';

describe('parseGroupName (app-stack-detail, Frigga-style)', () => {
  it.each([
    ['web-prod-blue-v042', { app: 'web', stack: 'prod', detail: 'blue', cluster: 'web-prod-blue' }],
    ['web-prod', { app: 'web', stack: 'prod', detail: null, cluster: 'web-prod' }],
    ['web', { app: 'web', stack: null, detail: null, cluster: 'web' }],
    ['web-v001', { app: 'web', stack: null, detail: null, cluster: 'web' }],
    ['web--blue', { app: 'web', stack: null, detail: 'blue', cluster: 'web--blue' }],
    ['api-test-east-green-v1234', { app: 'api', stack: 'test', detail: 'east-green', cluster: 'api-test-east-green' }],
    ['web-prod-v42', { app: 'web', stack: 'prod', detail: 'v42', cluster: 'web-prod-v42' }],
  ])('%s → %j', (name, naming) => {
    expect(parseGroupName(name)).toEqual(naming);
  });

  it('recognises canary and baseline clusters, with or without a version', () => {
    expect(isCanaryOrBaseline(parseGroupName('web-prod-canary-v003'))).toBe(true);
    expect(isCanaryOrBaseline(parseGroupName('web-prod-baseline'))).toBe(true);
    expect(isCanaryOrBaseline(parseGroupName('canary-prod'))).toBe(false);
  });
});
