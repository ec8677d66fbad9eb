# syntax=docker/dockerfile:1
# The app as a container: `docker build -t incident-response .`, then run it with the variables
# of .env.example (APP_ID, PRIVATE_KEY, WEBHOOK_SECRET; REDIS_URL for several replicas).

# Node.js 24: an LTS line supported upstream until April 2028, and the one the Lambda runtime
# (nodejs24.x) runs, so both deployments run the same Node.js.
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

FROM node:24-bookworm-slim
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force
COPY --from=build /app/lib ./lib
COPY templates ./templates
COPY app.yml ./
USER node
EXPOSE 3000
# Probot's /ping: the process serves HTTP. Readiness (GitHub reachable) is /incident-response/ready.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/ping').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# The same start command as `npm start` and the tests (sandbox/app-process.ts); SIGTERM drains.
CMD ["node", "--max-semi-space-size=4", "--max-old-space-size=512", "lib/main.js"]
