# The sidecar image: `docker build -t tmu-sidecar .` (docker-compose.yml builds it for you).
# Stage 1 compiles the TypeScript; stage 2 holds production dependencies and the compiled code only.

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# Scripts wait for the sources: `prepare` would run tsc before they are copied.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY . .
RUN npm run build

FROM node:20-bookworm-slim
# tini is PID 1: it forwards SIGTERM to node (graceful shutdown) and reaps zombies.
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini \
 && rm -rf /var/lib/apt/lists/*
# Two malloc arenas: sharp's worker threads otherwise each grow their own, which measured about 65 MiB of peak RSS in a bulk.
# A 512 MiB heap cap: V8 then collects at about 1.4x the live heap instead of letting it grow to 4x (the live heap is about 40 MiB);
# a 2 MiB semi-space keeps the young generation small. Together: a bulk's peak RSS about 40 MiB lower.
ENV NODE_ENV=production HOST=0.0.0.0 PORT=8787 MALLOC_ARENA_MAX=2 NODE_OPTIONS="--max-old-space-size=512 --max-semi-space-size=2"
WORKDIR /app
COPY package.json package-lock.json ./
# `prepare` compiles with tsc, a dev dependency; the compiled code comes from the build stage instead.
RUN npm pkg delete scripts.prepare \
 && npm ci --omit=dev --no-audit --no-fund \
 && npm cache clean --force
COPY --from=build /app/dist/src ./dist/src
COPY --from=build /app/dist/migrations ./dist/migrations
RUN mkdir -p /app/data /run/tmu-setup && chown node:node /app/data
USER node
EXPOSE 8787
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8787) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["/usr/bin/tini", "--", "node", "dist/src/cli/bin.js"]
CMD ["serve"]
