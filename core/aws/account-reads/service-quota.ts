import { type AccountRead, type AccountReadKind, accountRead } from './account-read.js';

export const SERVICE_QUOTA: AccountReadKind = {
  kind: 'service-quota',
  service: 'ServiceQuotas',
  permissions: ['servicequotas:GetServiceQuota'],
};

/** The applied value of one quota (GetServiceQuota); a global service's quota (Route 53) is read in GLOBAL_REGION. */
export function serviceQuota(serviceCode: string, quotaCode: string, global = false): AccountRead<number | undefined> {
  return accountRead(
    SERVICE_QUOTA,
    async (clients, target) => {
      const { GetServiceQuotaCommand } = await import('@aws-sdk/client-service-quotas');
      const answer = await clients
        .serviceQuotas(target)
        .send(new GetServiceQuotaCommand({ ServiceCode: serviceCode, QuotaCode: quotaCode }));
      return answer.Quota?.Value;
    },
    { name: `${SERVICE_QUOTA.kind}:${serviceCode}/${quotaCode}`, global },
  );
}
