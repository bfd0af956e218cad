#!/usr/bin/env bash
# Pins the Dockerfile's base image to the digest its tag names today: reads the multi-platform index digest from the
# registry (docker buildx imagetools, else docker pull) and rewrites the ARG NODE_IMAGE line. Needs Docker and the
# registry; review the diff and rebuild after.
#   bash scripts/refresh-base-digest.sh             # the tag in the Dockerfile (node:22-slim)
#   bash scripts/refresh-base-digest.sh node:24-slim
set -euo pipefail
cd "$(dirname "$0")/.."
current=$(sed -n 's/^ARG NODE_IMAGE=\([^@]*\)@.*/\1/p' Dockerfile)
tag=${1:-$current}
if [ -z "$tag" ]; then
  echo "simian: no 'ARG NODE_IMAGE=<tag>@sha256:<digest>' line in the Dockerfile" >&2
  exit 1
fi
if docker buildx version >/dev/null 2>&1; then
  digest=$(docker buildx imagetools inspect "$tag" --format '{{json .Manifest}}' | sed -n 's/.*"digest":"\(sha256:[0-9a-f]\{64\}\)".*/\1/p')
else
  docker pull -q "$tag" >/dev/null
  digest=$(docker image inspect "$tag" --format '{{index .RepoDigests 0}}' | sed 's/.*@//')
fi
case "$digest" in
  sha256:*) ;;
  *) echo "simian: could not read the digest of $tag" >&2; exit 1 ;;
esac
sed -i "s|^ARG NODE_IMAGE=.*|ARG NODE_IMAGE=$tag@$digest|" Dockerfile
echo "Dockerfile: ARG NODE_IMAGE=$tag@$digest"
