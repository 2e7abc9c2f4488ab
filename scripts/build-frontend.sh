#!/usr/bin/env bash
# Rebuilds the committed GOV.UK Frontend assets from the npm registry at a pinned version.
# The output is committed, so running the portal never needs Node.js; run this (make frontend)
# only to change the version or the Sass settings in portal/static_src/portal.scss.
set -euo pipefail

GOVUK_FRONTEND_VERSION=5.14.0
SASS_VERSION=1.108.2

root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cd "$work"
npm init -y >/dev/null
npm install --no-audit --no-fund --silent \
  "govuk-frontend@${GOVUK_FRONTEND_VERSION}" "sass@${SASS_VERSION}"

dist=node_modules/govuk-frontend/dist/govuk
vendor="$root/portal/static/vendor/govuk-frontend"
rm -rf "$vendor"
mkdir -p "$vendor/assets"
cp "$dist/govuk-frontend.min.js" "$vendor/"
cp -r "$dist/assets/images" "$vendor/assets/"
cp node_modules/govuk-frontend/package.json "$vendor/package.json"
echo "govuk-frontend ${GOVUK_FRONTEND_VERSION}" > "$vendor/VERSION"

npx sass --load-path=node_modules --style=compressed --no-source-map --quiet-deps \
  --silence-deprecation=import --silence-deprecation=global-builtin \
  --silence-deprecation=color-functions \
  --silence-deprecation=slash-div \
  "$root/portal/static_src/portal.scss" "$root/portal/static/portal/portal.css"
echo "Built GOV.UK Frontend ${GOVUK_FRONTEND_VERSION} into portal/static/"
