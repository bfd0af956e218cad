import { awsErrorCode, errorMessage } from '../../aws/aws-error.js';

/**
 * Runs an EC2 call with `DryRun: true`: AWS answers DryRunOperation when the caller would be allowed, and
 * UnauthorizedOperation when not (moto never evaluates IAM, so it always allows).
 */
export async function ec2DryRun(call: () => Promise<unknown>): Promise<{ allowed: boolean; detail: string }> {
  try {
    await call();
    return { allowed: true, detail: 'the dry-run call succeeded' };
  } catch (error) {
    const code = awsErrorCode(error);
    if (code === 'DryRunOperation') return { allowed: true, detail: 'DryRunOperation: the call would succeed' };
    return { allowed: false, detail: `${code ?? 'error'}: ${errorMessage(error)}` };
  }
}
