#!/usr/bin/env bash
# The Dockerfile's build steps without Docker (no engine runs on the machines that build copil):
# install from package.json and the lock in a scratch folder, build, prune to the production
# dependencies, then load the API, the worker and the command line from what the image would hold.
# Usage: npm run check:docker   (a minute or so; npm's cache makes the install quick).
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
work="$(mktemp -d -t copil-image-XXXXXX)"
trap 'rm -rf "$work"' EXIT

step() { echo "check-docker-build: $*"; }

# Only what the Dockerfile copies, so a file it forgets is missed here too.
step "build stage in $work"
cp package.json package-lock.json tsconfig.json tsconfig.build.json "$work/"
cp -R src migrations "$work/"
cd "$work"
npm install --no-audit --no-fund --prefer-offline --loglevel=error >/dev/null
npm run --silent build
npm prune --omit=dev --no-audit --no-fund --loglevel=error >/dev/null

step "runtime stage"
runtime="$work/runtime"
mkdir -p "$runtime"
cp -R package.json node_modules dist "$runtime/"
cp -R "$root/templates" "$runtime/"
cd "$runtime"
# (typescript and ts-node stay: @nestjs/swagger and typeorm ask for them as peers.)
for dev in jest ts-jest @nestjs/testing supertest smtp-server; do
  if [ -e "node_modules/$dev" ]; then echo "check-docker-build: $dev, a development dependency, is in the image" >&2; exit 1; fi
done
export NODE_ENV=production COPIL_SECRET=check-docker-build-0123456789abcdef0123456789
# The entry points load with production dependencies only (require.main is not them: nothing starts).
node -e "require('./dist/src/main.js'); require('./dist/src/worker.js')" >/dev/null
node dist/src/cli.js schema | node -e "let s='';process.stdin.on('data',(c)=>s+=c).on('end',()=>{JSON.parse(s);})"
step "ok: the image's build steps pass and its entry points load without development dependencies"
