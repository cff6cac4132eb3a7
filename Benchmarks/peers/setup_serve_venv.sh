#!/usr/bin/env bash
# Creates (if missing) the venv of the service peer and of schemathesis at Benchmarks/out/venv-serve
# (git-ignored) and installs the pinned packages; prints its python. Idempotent (a stamp file).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
VENV="$(cd "$HERE/.." && pwd)/out/venv-serve"
PINS=(
  "numpy==1.23.5"
  "scipy==1.13.1"
  "scikit-learn==1.5.2"
  "jieba==0.42.1"
  "fastapi==0.163.2"
  "uvicorn==0.54.0"
  "schemathesis==4.32.5"
)
mkdir -p "$(dirname "$VENV")"
[ -x "$VENV/bin/python" ] || "${PYTHON:-python3}" -m venv "$VENV"
STAMP="$VENV/.pins"
WANT="$(printf '%s\n' "${PINS[@]}")"
if [ ! -f "$STAMP" ] || [ "$(cat "$STAMP")" != "$WANT" ]; then
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "${PINS[@]}" >&2
  "$VENV/bin/python" -c "import jieba, sklearn, fastapi, uvicorn, schemathesis" >&2
  printf '%s\n' "${PINS[@]}" > "$STAMP"
fi
echo "$VENV/bin/python"
