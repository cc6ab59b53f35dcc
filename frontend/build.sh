#!/usr/bin/env bash
# Rebuild advisor's unbranded govuk-frontend into src/advisor/web/static/ (`make frontend`).
# Reproducible: exact versions from package-lock.json (npm ci), the same sass, the same inputs.
# The output is committed; never edit it by hand, change advisor.scss or the versions and rerun.
set -euo pipefail
cd "$(dirname "$0")"
out=../src/advisor/web/static
npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
mkdir -p "$out"
gf=node_modules/govuk-frontend
version=$(node -p 'require("./node_modules/govuk-frontend/package.json").version')
npx --no-install sass --no-source-map --style=compressed --load-path=node_modules advisor.scss "$out/advisor.css"
# Drop the source-map pointer: the map is not shipped.
sed "s|//# sourceMappingURL=.*$||" "$gf/dist/govuk/govuk-frontend.min.js" > "$out/govuk-frontend.min.js"
cp advisor.mjs "$out/advisor.mjs"
if grep -q "GDS Transport" "$out/advisor.css"; then
  echo "build.sh: the GOV.UK font leaked into advisor.css" >&2
  exit 1
fi
{
  echo "advisor.css and govuk-frontend.min.js are built from govuk-frontend $version"
  echo "(https://github.com/alphagov/govuk-frontend) by frontend/build.sh, without the GOV.UK"
  echo "brand: no GDS Transport font, no crown, no GOV.UK images. Do not edit them by hand."
  echo
  echo "govuk-frontend licence (MIT):"
  echo
  cat LICENSE-govuk-frontend.txt
} > "$out/LICENCE.txt"
echo "built $out: $(wc -c < "$out/advisor.css") bytes CSS, $(wc -c < "$out/govuk-frontend.min.js") bytes JS"
