import { type AccountRead, type AccountReadKind, accountRead } from './account-read.js';

export const HEALTH_CHECK_STATUS: AccountReadKind = {
  kind: 'route53-health-check-status',
  service: 'Route53',
  permissions: ['route53:GetHealthCheckStatus'],
};

/** What each Route 53 checker reports of one health check now (`Success: HTTP Status Code 200…`, `Failure: …`). */
export function healthCheckStatus(healthCheckId: string): AccountRead<string[]> {
  return accountRead(
    HEALTH_CHECK_STATUS,
    async (clients, target) => {
      const { GetHealthCheckStatusCommand } = await import('@aws-sdk/client-route-53');
      const status = await clients
        .route53(target)
        .send(new GetHealthCheckStatusCommand({ HealthCheckId: healthCheckId }));
      return (status.HealthCheckObservations ?? []).map((observation) => observation.StatusReport?.Status ?? '');
    },
    { name: `${HEALTH_CHECK_STATUS.kind}:${healthCheckId}` },
  );
}
