# simian: one image for every fleet role (scheduler, worker, up, serve) and the one-shot commands.
FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY core ./core
COPY monkeys ./monkeys
COPY ui ./ui
COPY scripts/build-dashboard.mjs ./scripts/
RUN npm run build && npm prune --omit=dev

FROM node:20-slim
WORKDIR /app
ENV NODE_ENV=production AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY schedules ./schedules
USER node
ENTRYPOINT ["node", "dist/core/cli/bin/simian.js"]
CMD ["--help"]
