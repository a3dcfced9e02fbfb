#!/usr/bin/env bash
# Copies the compiled front-end assets QLS serves from the npm packages pinned
# in package-lock.json into the Django static tree. The copies are committed,
# so running the app or the tests never needs npm or the network; run this
# (`make vendor`) only to upgrade an asset.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
dest="$here/../src/qls/core/static/vendor"
cd "$here"
npm ci --no-audit --no-fund --ignore-scripts
nm="$here/node_modules"
rm -rf "$dest"
mkdir -p "$dest/nhsuk-frontend" "$dest/htmx" "$dest/vega" "$dest/axe-core"
nhs="$nm/nhsuk-frontend/dist/nhsuk"
cp "$nhs/nhsuk-frontend.min.css" "$nhs/nhsuk-frontend.min.js" "$dest/nhsuk-frontend/"
cp -r "$nhs/assets" "$dest/nhsuk-frontend/assets"
cp "$nm/htmx.org/dist/htmx.min.js" "$dest/htmx/"
cp "$nm/vega/build/vega.min.js" "$nm/vega-lite/build/vega-lite.min.js" \
   "$nm/vega-embed/build/vega-embed.min.js" "$dest/vega/"
cp "$nm/axe-core/axe.min.js" "$dest/axe-core/"
# The source maps are not shipped, so their references go: Django's manifest
# storage (collectstatic in production) refuses a file that points at a
# missing one.
find "$dest" \( -name '*.js' -o -name '*.css' \) -exec \
  sed -i -e 's#//\# sourceMappingURL=[^ ]*$##' -e 's#/\*\# sourceMappingURL=[^ ]* \*/##' {} +
# Nothing a page loads may come from another host: on a trust network that
# blocks it (or offline) every page would stall waiting. The NHS.UK stylesheet
# loads the proprietary Frutiger fonts from assets.nhs.uk, so its @font-face
# rules go and the font stack starts at Arial, which the design system allows.
# Its icons are referred to from the site root (/assets/...), where QLS has
# nothing; they are made relative to the stylesheet, next to which they are copied.
sed -i -E \
  -e 's/@font-face\{[^}]*\}//g' \
  -e 's/font-family:"?Frutiger W01"?,/font-family:/g' \
  -e 's#url\((["'\'']?)/assets/#url(\1assets/#g' \
  "$dest/nhsuk-frontend/nhsuk-frontend.min.css"
if grep -rnoE "(url\(|@import)[[:space:]]*[\"']?([a-z]+:)?//[^)\"' ]*|@font-face" \
     --include='*.css' "$dest"; then
  echo "vendor.sh: a vendored stylesheet still loads something from another host (above)" >&2
  exit 1
fi
for pkg in nhsuk-frontend htmx.org vega vega-lite vega-embed axe-core; do
  printf '%s %s\n' "$pkg" "$(node -p "require('$nm/$pkg/package.json').version")"
done > "$dest/VERSIONS"
cat "$dest/VERSIONS"
