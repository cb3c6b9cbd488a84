# Pet Products POS: multi-stage image.
#   build   - every dependency (Vite, esbuild, TypeScript types) to build dist/ (the server bundle and the client)
#   deps    - production dependencies only, installed in a clean tree so no dev package leaks into the image
#   runtime - node:22-alpine + production node_modules + dist/ + migrations/, run as the unprivileged `node` user
# bcrypt needs no compiler: its package ships prebuilt musl binaries (prebuilds/linux-x64/bcrypt.musl.node,
# linux-arm64 too), so Alpine needs no python3/make/g++.
# Build: docker build -t pet-products-pos .   (or `docker compose build`)

# Node 22: an LTS line supported until 30 April 2027; package.json asks for >= 20.19. Moving on to Node 24
# (LTS until April 2028) is a build argument away: docker build --build-arg NODE_IMAGE=node:24-alpine .
ARG NODE_IMAGE=node:22-alpine

FROM ${NODE_IMAGE} AS build
WORKDIR /app
# Manifests first: the dependency layer stays cached until package-lock.json changes.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
# The build script, and the one tool it bundles from scripts/ (inventory:verify, run by the backup checks).
COPY scripts/build-server.mjs scripts/inventory-verify.ts scripts/
COPY shared shared
COPY server server
COPY client client
RUN npm run build

FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    LOG_DIR=/app/logs \
    DATA_DIR=/app/data
WORKDIR /app
COPY --from=deps /app/node_modules node_modules
# package.json marks the app root (findAppRoot) and carries the version; migrations/ are applied at start.
COPY package.json ./
COPY migrations migrations
COPY scripts/healthcheck.mjs scripts/
COPY --from=build /app/dist dist
# The only folders the app writes (log files, uploaded images without S3); everything else stays root-owned.
# 1000:1000 is the image's `node` user (numeric, so the command also runs where no such user exists).
RUN mkdir -p logs data && chown 1000:1000 logs data
USER node
EXPOSE 3000
# No curl in Alpine: a few lines of Node fetch /api/health, which checks PostgreSQL and Redis for real.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 CMD ["node", "scripts/healthcheck.mjs"]
# Exec form: node itself receives SIGTERM (no npm or shell in between) and drains before exiting.
# dist/tracing.js starts OpenTelemetry before the app's modules load, only when OTEL_EXPORTER_OTLP_ENDPOINT is set.
CMD ["node", "--enable-source-maps", "--import", "./dist/tracing.js", "dist/index.js"]
