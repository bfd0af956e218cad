import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);
const python = process.env.SIMIAN_PYTHON ?? 'python3';

/** cfn-lint (scripts/ensure-peers.sh installs it): its findings, one per line; empty when the template is clean. */
export async function cfnLint(file: string): Promise<string> {
  const lint = 'import sys; from cfnlint.runner import main; sys.argv = ["cfn-lint", *sys.argv[1:]]; sys.exit(main())';
  try {
    const { stdout } = await run(python, ['-c', lint, '--', file]);
    return stdout.trim();
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    return `${stdout ?? ''}${stderr ?? ''}`.trim() || String(error);
  }
}

/** One CloudFormation Query API call to moto (no SDK client for CloudFormation in the project): the XML answer. */
export async function cloudFormation(params: Record<string, string>): Promise<string> {
  const endpoint = process.env.AWS_ENDPOINT_URL ?? '';
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      // moto routes by the credential scope; it does not check the signature.
      Authorization:
        'AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/cloudformation/aws4_request, SignedHeaders=host, Signature=0',
    },
    body: new URLSearchParams({ Version: '2010-05-15', ...params }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`CloudFormation ${params.Action}: HTTP ${response.status}: ${text.slice(0, 500)}`);
  return text;
}
