import type { ParameterMetadata } from '@aws-sdk/client-ssm';
import { chunk, collectPages } from '../resources/support.js';
import { type AccountRead, type AccountReadKind, accountRead } from './account-read.js';

// The region's SSM parameters: which exist, and the values of those named.

const SSM_PARAMETERS: AccountReadKind = {
  kind: 'ssm-parameters',
  service: 'SSM',
  permissions: ['ssm:DescribeParameters'],
};

/** Every parameter of the region, its name and type, never its value (DescribeParameters, 50 a page). */
export const ssmParameters = accountRead(SSM_PARAMETERS, async (clients, target) => {
  const { DescribeParametersCommand } = await import('@aws-sdk/client-ssm');
  const ssm = clients.ssm(target);
  return collectPages<ParameterMetadata>(async (token) => {
    const page = await ssm.send(new DescribeParametersCommand({ MaxResults: 50, NextToken: token }));
    return { items: page.Parameters, next: page.NextToken };
  });
});

const SSM_PARAMETER_VALUES: AccountReadKind = {
  kind: 'ssm-parameter-values',
  service: 'SSM',
  permissions: ['ssm:GetParameters'],
};

/** GetParameters takes at most 10 names a call. */
const PARAMETERS_PER_CALL = 10;

/**
 * The values of the named parameters (GetParameters, 10 names a call, each name once), by the name asked: a name
 * asked as `name:version` or `name:label` is answered under that selector too. A name SSM does not know is absent.
 */
export function ssmParameterValues(names: readonly string[]): AccountRead<Map<string, string>> {
  return accountRead(
    SSM_PARAMETER_VALUES,
    async (clients, target) => {
      const { GetParametersCommand } = await import('@aws-sdk/client-ssm');
      const ssm = clients.ssm(target);
      const values = new Map<string, string>();
      for (const some of chunk([...new Set(names)], PARAMETERS_PER_CALL)) {
        const answer = await ssm.send(new GetParametersCommand({ Names: some }));
        for (const parameter of answer.Parameters ?? []) {
          if (parameter.Name && parameter.Value !== undefined) values.set(parameter.Name, parameter.Value);
          // Asked as `name:version` or `name:label`, the answer names the parameter alone: keep the selector too.
          const selector = some.find((name) => parameter.Selector && name === `${parameter.Name}${parameter.Selector}`);
          if (selector && parameter.Value !== undefined) values.set(selector, parameter.Value);
        }
      }
      return values;
    },
    { name: `${SSM_PARAMETER_VALUES.kind}:${names.join(',')}` },
  );
}

export const SSM_PARAMETER_KINDS: readonly AccountReadKind[] = [SSM_PARAMETERS, SSM_PARAMETER_VALUES];
