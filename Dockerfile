# syntax=docker/dockerfile:1
#
# One Dockerfile for every Comptoir service, chosen by build argument:
#
#   docker build --build-arg SERVICE=catalog -t comptoir/catalog .
#
# Services are TypeScript run by tsx (no build step), so the image holds the sources of the
# workspace packages, the production dependencies and tsx with its esbuild. All service images
# share every layer but the last few: the dependencies are installed once for the whole workspace.

ARG NODE_IMAGE=node:20-bookworm-slim

# 1. The manifests alone, so the dependency layers below are rebuilt when a package.json or the
#    lock changes and not on every source edit (a COPY --from is cached by content).
FROM ${NODE_IMAGE} AS sources
WORKDIR /src
COPY . .
RUN set -eu; \
    mkdir -p /manifests /app; \
    cp package.json package-lock.json /manifests/; \
    find . -mindepth 3 -maxdepth 3 -name package.json -not -path './node_modules/*' \
      -exec cp --parents {} /manifests/ \; ; \
    cp -a package.json tsconfig.json tsconfig.base.json packages services /app/; \
    if [ -d apps ]; then cp -a apps /app/; fi; \
    find /app -depth -type d \( -name test -o -name node_modules \) -exec rm -rf {} +

# 2. Production dependencies of the whole workspace, plus tsx (a dev dependency of the root, but
#    what runs the services): install everything, keep tsx's closure aside, prune the dev tools,
#    put tsx back. Same lock, same positions in node_modules, so nothing clashes.
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY --from=sources /manifests/ ./
RUN set -eu; \
    npm ci --no-audit --no-fund; \
    npm query '#tsx, #tsx *' \
      | node -e 'for (const p of JSON.parse(require("fs").readFileSync(0, "utf8"))) console.log(p.location)' \
      > /tmp/tsx-closure; \
    grep -qx 'node_modules/tsx' /tmp/tsx-closure; \
    mkdir -p /tsx; \
    xargs -a /tmp/tsx-closure cp -a --parents -t /tsx; \
    npm prune --omit=dev --no-audit --no-fund; \
    cp -a /tsx/node_modules/. node_modules/; \
    node -e 'require.resolve("tsx")'; \
    npm cache clean --force; \
    rm -rf /tmp/tsx-closure /tsx

# 3. The screens (apps/web), built once with the workspace's dev tools (Vite); only the static
#    files go on. The gateway serves them at / (GATEWAY_WEB_ROOT); other services ignore them.
FROM ${NODE_IMAGE} AS web
WORKDIR /app
COPY --from=sources /manifests/ ./
RUN npm ci --no-audit --no-fund
COPY --from=sources /app/ ./
RUN set -eu; \
    if [ -d apps/web ]; then NODE_ENV=production npm run build -w @comptoir/web; else mkdir -p apps/web/dist; fi

# 4. The runtime: node, the dependencies, the sources; no npm cache, no compiler, no tests.
FROM ${NODE_IMAGE} AS runtime
ARG SERVICE
RUN test -n "${SERVICE}" || { echo 'build with --build-arg SERVICE=<catalog|identity|...>' >&2; exit 1; }
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=sources /app/ ./
COPY --from=web /app/apps/web/dist ./apps/web/dist
# The service's own port, read from its definition (`defaultPort: 8101`), for the healthcheck.
RUN set -eu; \
    test -f "services/${SERVICE}/src/main.ts" || { echo "no service named ${SERVICE}" >&2; exit 1; }; \
    sed -n 's/.*defaultPort: *\([0-9][0-9]*\).*/\1/p' "services/${SERVICE}/src/app.ts" | head -n 1 > /app/.port; \
    test -s /app/.port
ENV NODE_ENV=production \
    SERVICE=${SERVICE} \
    HOST=0.0.0.0 \
    LOG_PRETTY=false
# The image's `node` user (uid 1000), by number so Kubernetes can check runAsNonRoot. The code is
# root's and read-only to it; tsx keeps its compile cache in /tmp.
USER 1000:1000
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "const port = process.env.PORT || require('fs').readFileSync('/app/.port', 'utf8').trim(); fetch(`http://127.0.0.1:${port}/health/live`, { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1));"]
# exec: node is PID 1 and gets SIGTERM itself (the kit drains requests and consumers on it).
CMD ["sh", "-c", "exec node --import tsx \"services/${SERVICE}/src/main.ts\""]
