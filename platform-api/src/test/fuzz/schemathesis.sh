#!/usr/bin/env bash
# Fuzzes the API from its OpenAPI document with Schemathesis (installed from PyPI into target/).
#   src/test/fuzz/schemathesis.sh BASE_URL TOKEN [MAX_EXAMPLES] [TEAM]
# With TEAM, every {team} path parameter is that team, so generated requests reach the workspace, connection and
# member logic of a real team instead of stopping at 404.
# One worker: with two, Hypothesis's lambda-source cache (ast.parse from two threads) crashed once with
# "AST constructor recursion depth mismatch" inside Schemathesis - a tool error, not an API one.
# Exit status is Schemathesis's: non-zero when a check failed (a 5xx, or a response that breaks the schema).
set -euo pipefail
here="$(cd "$(dirname "$0")/../../.." && pwd)"
base="$1"; token="$2"; examples="${3:-25}"; team="${4:-}"
venv="$here/target/schemathesis-venv"
if [[ ! -x "$venv/bin/schemathesis" ]]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q 'schemathesis>=4,<5'
fi
out="$here/target/schemathesis/${team:-any-team}"
mkdir -p "$out"
config="$out/schemathesis.toml"
if [[ -n "$team" ]]; then
  printf '[parameters]\n"path.team" = "%s"\n' "$team" > "$config"
else
  : > "$config"
fi
# Schemathesis keeps a cache in .schemathesis/ of the working directory: keep it under target/.
cd "$out"
exec "$venv/bin/schemathesis" --config-file "$config" run "$base/v3/api-docs" \
  --url "$base" \
  -H "Authorization: Bearer $token" \
  --checks not_a_server_error,response_schema_conformance \
  --phases examples,coverage,fuzzing \
  --max-examples "$examples" \
  --workers 1 \
  --request-timeout 20 \
  --seed 9457 \
  --exclude-path-regex 'workspace-events' \
  --report junit --report-dir "$out" \
  --no-color
