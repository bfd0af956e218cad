# simian: one image for every fleet role (scheduler, worker, serve, up) and the one-shot commands.
# Stage 1 builds with the dev dependencies (esbuild); stage 2 holds the production dependencies and dist/ only.

# The base: Node 22 (LTS; Node 20 left support on 2026-04-30), pinned by digest so a rebuild gets the same image
# whatever the tag points at today. The package itself still runs on Node 20 or later (package.json engines).
# Refresh (docs/deploy.md, "The image"): bash scripts/refresh-base-digest.sh
ARG NODE_IMAGE=node:22-slim@sha256:83f487e0a63425e5b4d146fb5e5be574bcbe1b7b843d3ebafdd95eaf7767a7e5

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: `prepare` would build before the sources are here; the build runs below.
RUN npm ci --ignore-scripts
COPY tsconfig.json ./
COPY core ./core
COPY monkeys ./monkeys
COPY ui ./ui
# What `npm run build` runs: esbuild compiles core/ and monkeys/ into dist/, bundles the dashboard and the CLIs.
COPY scripts/compile.mjs scripts/build-dashboard.mjs scripts/bundle-cli.mjs scripts/replace-outputs.mjs ./scripts/
RUN npm run build

FROM ${NODE_IMAGE} AS runtime
WORKDIR /app
ENV NODE_ENV=production AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY schedules ./schedules
COPY simian.yaml ./simian.yaml
# The unprivileged user of the node image; the config is mounted read-only and nothing is written in /app.
USER node
EXPOSE 8080
# For `serve` and `up`: 200 only while Redis is reachable. Compose gives scheduler and workers their own check.
HEALTHCHECK --interval=15s --timeout=5s --start-period=15s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:8080/healthcheck').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["node", "dist/core/cli/bin/simian.js"]
CMD ["--help"]
