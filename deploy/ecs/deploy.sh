#!/usr/bin/env bash
# Deploys simian on ECS Fargate (docs/deploy.md), in two stacks of this account and region:
#   1. <stack>: deploy/ecs/simian.yaml, the cluster, its three services, Redis, logs, the token; its tasks' role may
#      assume only the simian role(s);
#   2. <stack>-role: the role simian acts through, `simian iam-policy --format cloudformation` (generated from the
#      monkeys' own declarations, never copied), trusting the tasks' role and nothing else.
# Other accounts: deploy the output of step 2 there with the same TrustedPrincipalArn (docs/deploy.md).
#
#   deploy/ecs/deploy.sh --image <uri> --vpc <vpc-id> --subnets <subnet-a,subnet-b> [--stack simian]
#                        [--config simian.yaml] [--role-name simian] [Key=Value ...]
# Key=Value pairs are more parameters of deploy/ecs/simian.yaml (RedisUrl=..., CertificateArn=..., WorkerCount=3).
# The simian command is $SIMIAN (default: simian, as installed by npm); the AWS CLI uses the usual credentials.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
stack=simian
config=simian.yaml
role_name=simian
image='' vpc='' subnets=''
overrides=()
usage() {
  echo "usage: $0 --image <uri> --vpc <vpc-id> --subnets <subnet-a,subnet-b> [--stack name] [--config simian.yaml] [--role-name simian] [Key=Value ...]" >&2
  exit 2
}
while [ $# -gt 0 ]; do
  case "$1" in
    --image) image=${2:-}; shift 2 ;;
    --vpc) vpc=${2:-}; shift 2 ;;
    --subnets) subnets=${2:-}; shift 2 ;;
    --stack) stack=${2:-}; shift 2 ;;
    --config) config=${2:-}; shift 2 ;;
    --role-name) role_name=${2:-}; shift 2 ;;
    *=*) overrides+=("$1"); shift ;;
    *) echo "simian: unknown argument \"$1\"" >&2; usage ;;
  esac
done
[ -n "$image" ] && [ -n "$vpc" ] && [ -n "$subnets" ] || usage
read -r -a simian_command <<<"${SIMIAN:-simian}"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The role's policies come from the config's monkeys, as `simian iam-policy` prints them; fail before any stack.
# Written compact: pretty-printed, the role's template passes CloudFormation's 51,200-byte limit for a template sent
# inline (about 73 KB against 37 KB).
"${simian_command[@]}" iam-policy -c "$config" --format cloudformation >"$work/role-pretty.json"
node -e 'const fs = require("fs"); fs.writeFileSync(process.argv[2], JSON.stringify(JSON.parse(fs.readFileSync(process.argv[1], "utf8"))))' \
  "$work/role-pretty.json" "$work/role.json"

partition=$(aws sts get-caller-identity --query Arn --output text | cut -d: -f2)
account=$(aws sts get-caller-identity --query Account --output text)
role_arn="arn:$partition:iam::$account:role/$role_name"

echo "simian: stack $stack (cluster, services, Redis, logs, token)" >&2
aws cloudformation deploy --stack-name "$stack" --template-file "$here/simian.yaml" --capabilities CAPABILITY_IAM \
  --no-fail-on-empty-changeset \
  --parameter-overrides ImageUri="$image" VpcId="$vpc" SubnetIds="$subnets" AssumableRoleArns="$role_arn" \
  ${overrides[@]+"${overrides[@]}"}
task_role_name=$(aws cloudformation list-stack-resources --stack-name "$stack" \
  --query "StackResourceSummaries[?LogicalResourceId=='TaskRole'].PhysicalResourceId" --output text)
task_role=$(aws iam get-role --role-name "$task_role_name" --query Role.Arn --output text)

echo "simian: stack $stack-role (role $role_name, trusting $task_role)" >&2
aws cloudformation deploy --stack-name "$stack-role" --template-file "$work/role.json" \
  --capabilities CAPABILITY_NAMED_IAM --no-fail-on-empty-changeset \
  --parameter-overrides RoleName="$role_name" TrustedPrincipalArn="$task_role"

echo "simian: deployed. roleArn for simian.yaml accounts: $role_arn" >&2
aws cloudformation describe-stacks --stack-name "$stack" --query 'Stacks[0].Outputs' --output table
