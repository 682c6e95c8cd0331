# The image `sidecarctl webhook manifests` names (sidecarctl:<version>): the admission webhook,
# and the rest of the CLI, on Node.js 20, as a non-root user with a read-only root filesystem.
#   docker build -t sidecarctl:0.1.0 .
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# node-pty (exec -t under `serve`) is not needed by the webhook: skip native builds.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY src ./src
COPY bin ./bin
COPY schemas ./schemas
RUN npm run build && npm prune --omit=dev --ignore-scripts

FROM gcr.io/distroless/nodejs20-debian12:nonroot
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/bin ./bin
COPY --from=build /app/schemas ./schemas
USER 65532:65532
EXPOSE 8443 9090
ENTRYPOINT ["/nodejs/bin/node", "/app/bin/sidecarctl"]
CMD ["webhook", "serve", "--help"]
