# copil's image: the API (default command) or the worker (as `npm run start:worker` runs it, see docker-compose.yml), on Node 24 LTS.
# Built in two stages: the first compiles with every dependency, the second keeps only the
# compiled code, the templates and the production dependencies, and runs as the unprivileged `node`.
# scripts/check-docker-build.sh runs these same steps without Docker.

FROM node:24-bookworm-slim AS build
WORKDIR /app
# npm install, not npm ci: see README ("Why npm install").
COPY package.json package-lock.json ./
RUN npm install --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY migrations ./migrations
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM node:24-bookworm-slim
ENV NODE_ENV=production PORT=3000
WORKDIR /app
COPY --from=build --chown=root:root /app/package.json ./
COPY --from=build --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=root:root /app/dist ./dist
COPY --chown=root:root templates ./templates
# Mail written to files when no SMTP_URL is set goes here: the only place the process writes.
RUN mkdir -p var/outbox && chown node:node var/outbox
USER node
EXPOSE 3000
# The worker serves no HTTP: its service turns this check off (docker-compose.yml).
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/src/main.js"]
