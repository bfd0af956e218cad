#!/usr/bin/env bash
# Installs what the tests and the sandbox need when this machine lacks it: redis-server, chromium and promtool
# (Debian), moto[server], cfn-lint and the AWS CLI (pip), and helm (built with go from the Go module proxy).
set -euo pipefail
python=${SIMIAN_PYTHON:-python3}
if ! command -v redis-server >/dev/null 2>&1; then
  if [ -z "${REDIS_URL:-}" ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
      echo "simian: installing redis-server (apt-get)" >&2
      apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
      # The packaged service is not needed: tests and the demo start their own on a free port.
      (service redis-server stop || true) >/dev/null 2>&1
    else
      echo "simian: redis-server is missing: install it with 'sudo apt-get install redis-server', or set REDIS_URL" >&2
      exit 1
    fi
  fi
fi
# The dashboard's browser test drives Debian's chromium (never a downloaded browser).
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "simian: installing chromium (apt-get)" >&2
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "simian: /usr/bin/chromium is missing (the dashboard's browser test needs it): sudo apt-get install chromium" >&2
    exit 1
  fi
fi
# /metrics is checked with promtool (Debian's prometheus package ships it; its service is not started here).
if ! command -v promtool >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "simian: installing promtool (apt-get install prometheus)" >&2
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus >/dev/null
    (service prometheus stop || true) >/dev/null 2>&1
  else
    echo "simian: promtool is missing (the metrics test needs it): sudo apt-get install prometheus" >&2
    exit 1
  fi
fi
if ! "$python" -c 'import moto.server, flask' >/dev/null 2>&1; then
  if [ -z "${AWS_ENDPOINT_URL:-}" ]; then
    echo "simian: installing moto[server] (pip)" >&2
    "$python" -m pip install -q 'moto[server]>=5.1' || {
      echo "simian: could not install moto: run \"pip install 'moto[server]'\", or set AWS_ENDPOINT_URL" >&2
      exit 1
    }
  fi
fi
# The IAM template test lints `simian iam-policy --format cloudformation` with cfn-lint.
if ! "$python" -c 'import cfnlint.runner' >/dev/null 2>&1; then
  echo "simian: installing cfn-lint (pip)" >&2
  "$python" -m pip install -q 'cfn-lint>=1' || {
    echo "simian: could not install cfn-lint: run \"pip install cfn-lint\"" >&2
    exit 1
  }
fi
# Tools only the test suite needs (`bash scripts/ensure-peers.sh --tests`, as .ci/run does); the demo never waits
# for them.
[ "${1:-}" = "--tests" ] || exit 0
# The ECS deployment test runs deploy/ecs/deploy.sh, which drives the AWS CLI (against moto).
if ! command -v aws >/dev/null 2>&1; then
  echo "simian: installing the AWS CLI (pip install awscli)" >&2
  "$python" -m pip install -q awscli || {
    echo "simian: could not install the AWS CLI: run \"pip install awscli\"" >&2
    exit 1
  }
fi
# The Helm chart test runs helm lint and helm template. helm is built from its Go module (no downloaded binary), in
# the background: the build takes minutes, and the rest of CI runs meanwhile. The chart test waits for the build
# named in helm-build.pid; where helm is missing, it fails saying how to get it.
helm_version=v3.21.4
if ! command -v helm >/dev/null 2>&1 && command -v go >/dev/null 2>&1 && [ ! -x "$(go env GOPATH)/bin/helm" ]; then
  state="${XDG_CACHE_HOME:-$HOME/.cache}/simian"
  mkdir -p "$state"
  echo "simian: building helm $helm_version in the background (go install; log: $state/helm-build.log)" >&2
  GOFLAGS=-mod=mod nohup go install "helm.sh/helm/v3/cmd/helm@$helm_version" >"$state/helm-build.log" 2>&1 &
  echo $! >"$state/helm-build.pid"
fi
