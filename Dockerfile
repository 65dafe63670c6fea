# The hub: one image, the sub-command chooses the role (api, worker, all, migrate, demo).
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY connectors ./connectors
COPY jobs ./jobs
COPY bench ./bench
COPY schema ./schema
COPY console ./console
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production HOST=0.0.0.0
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/console/dist ./console/dist
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/schema ./schema
USER node
EXPOSE 4000
ENTRYPOINT ["node", "dist/src/main.js"]
CMD ["all"]
