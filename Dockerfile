# The hub: one image, the sub-command chooses the role (api, worker, all, migrate, demo).
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY connectors ./connectors
COPY jobs ./jobs
COPY bench ./bench
COPY schema ./schema
RUN npm run build && npm prune --omit=dev

FROM node:24-bookworm-slim
# Local time of the province: log readers and anything printing local time see Vietnam time
# (the hub's own periods are computed in Asia/Ho_Chi_Minh whatever TZ is). tzdata gives TZ its zone.
RUN apt-get update && apt-get install -y --no-install-recommends tzdata && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production HOST=0.0.0.0 TZ=Asia/Ho_Chi_Minh
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/schema ./schema
USER node
# 4000 the API (and /healthz, /readyz, /metrics); 4001 the worker's health and metrics port.
EXPOSE 4000 4001
# /readyz of whichever role runs here (src/health/probe.ts): PostgreSQL, Redis, migrations.
HEALTHCHECK --interval=15s --timeout=6s --start-period=30s --retries=3 CMD ["node", "dist/src/health/probe.js"]
ENTRYPOINT ["node", "dist/src/main.js"]
CMD ["all"]
