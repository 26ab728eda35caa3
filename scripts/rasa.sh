#!/usr/bin/env bash
# The Rasa side of the assistant: `install` (.venv-rasa), `train` (var/rasa-models), `serve`.
#
# Rasa parses (NLU only: `rasa train nlu`, served with its HTTP API) and our rasa-sdk action
# server runs the actions; the dialogue manager is ours (assistant/dialogue), pointed at both
# with NLU_ENGINE=rasa, RASA_URL and ACTIONS_URL.
#
# Rasa Open Source 3.6.21 needs Python 3.10, so it lives in its own venv, never the app's.
# The venv is cached outside the repo, keyed by the lock file's hash, because building it
# takes minutes (TensorFlow); `.venv-rasa` is a symlink to the cached copy. A machine without
# the cache builds it from the package index alone.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

export RASA_TELEMETRY_ENABLED=false
export TF_CPP_MIN_LOG_LEVEL="${TF_CPP_MIN_LOG_LEVEL:-2}"
export SQLALCHEMY_SILENCE_UBER_WARNING=1
# Rasa's training cache defaults to ./.rasa in the working directory: keep it under var/.
export RASA_CACHE_DIRECTORY="${RASA_CACHE_DIRECTORY:-$ROOT/var/rasa-cache}"

PYTHON_RASA="${PYTHON_RASA:-$(pyenv root 2>/dev/null || echo /nonexistent)/versions/3.10.13/bin/python}"
LOCK="nlu/requirements-rasa.lock"
VENV_LINK="$ROOT/.venv-rasa"
CACHE_ROOT="${XDG_CACHE_HOME:-$HOME/.cache}/carchan"
MODEL_DIR="${RASA_MODEL_DIR:-var/rasa-models}"
MODEL_NAME="carchan"
RASA_PORT="${RASA_PORT:-5005}"
ACTIONS_PORT="${ACTIONS_PORT:-5055}"
APP_PYTHON="${APP_PYTHON:-$ROOT/.venv/bin/python}"

# What Rasa trains on; the held-out nlu/data/test/ is deliberately absent. DIET takes about
# 25 s an epoch on the full data of both languages (some 14,000 examples) on 2 cores, so by
# default `make rasa` and CI train on the hand-written core of each language
# (nlu/data/nlu/*/base.yml, 2,700 examples, about four minutes); RASA_FULL_DATA=1 trains on
# everything (the embedded engine always does). `python -m benchmarks nlu` compares both
# engines on the full data.
if [[ "${RASA_FULL_DATA:-0}" == 1 ]]; then
    NLU_DATA=(nlu/data/nlu)
else
    NLU_DATA=(nlu/data/nlu/fr/base.yml nlu/data/nlu/en/base.yml)
fi
TRAIN_DATA=("${NLU_DATA[@]}" nlu/data/lookups)
TRAIN_INPUTS=(nlu/config.yml nlu/domain.yml "${TRAIN_DATA[@]}")
STAGE_DIR="var/rasa-nlu-data"

log() { printf '[rasa.sh] %s\n' "$*" >&2; }

lock_hash() { sha256sum "$LOCK" | cut -c1-16; }

cmd_install() {
    if [[ ! -x "$PYTHON_RASA" ]]; then
        log "Python 3.10 not found at $PYTHON_RASA (set PYTHON_RASA to any Python 3.10)"
        exit 3
    fi
    local target="$CACHE_ROOT/venv-rasa-$(lock_hash)"
    mkdir -p "$CACHE_ROOT"
    # Two concurrent builds (a test and `make rasa`) must not write the same venv.
    exec 9>"$target.lock"
    flock 9
    if [[ ! -f "$target/.complete" ]]; then
        log "building $target from $LOCK (several minutes: TensorFlow)"
        rm -rf "$target"
        "$PYTHON_RASA" -m venv "$target"
        "$target/bin/python" -m pip install -q wheel
        # Every package is pinned, so the resolver only checks the lock; --no-deps would
        # hide an incomplete lock instead of failing.
        "$target/bin/python" -m pip install -q -r "$LOCK"
        "$target/bin/rasa" --version >/dev/null
        touch "$target/.complete"
    fi
    if [[ -e "$VENV_LINK" && ! -L "$VENV_LINK" ]]; then
        log "$VENV_LINK is a real directory: leaving it (remove it to use the cache)"
    else
        ln -sfn "$target" "$VENV_LINK"
    fi
    flock -u 9
    log "ready: $VENV_LINK -> $(readlink -f "$VENV_LINK")"
}

# True when the model exists and is newer than every training input.
model_is_fresh() {
    local model="$MODEL_DIR/$MODEL_NAME.tar.gz"
    [[ -f "$model" ]] || return 1
    [[ -z "$(find "${TRAIN_INPUTS[@]}" -newer "$model" -print -quit 2>/dev/null)" ]]
}

# A hash of the training inputs' contents (not their dates) and of the Rasa lock.
inputs_hash() {
    {
        find "${TRAIN_INPUTS[@]}" -type f -print0 | sort -z | xargs -0 sha256sum
        sha256sum "$LOCK"
    } | sha256sum | cut -c1-24
}

cmd_train() {
    # Cheap when the venv for this lock file exists: it only relinks.
    cmd_install
    mkdir -p "$MODEL_DIR"
    # Concurrent test runs must not train the same model twice at once.
    exec 8>"$MODEL_DIR/.train.lock"
    flock 8
    # Training takes minutes: a model trained from the very same inputs (content hash) and
    # the same Rasa lock is reused from the cache, e.g. by each fresh CI clone.
    local cached="$CACHE_ROOT/models/$(inputs_hash).tar.gz"
    if model_is_fresh; then
        log "model $MODEL_DIR/$MODEL_NAME.tar.gz is up to date"
    elif [[ -f "$cached" ]]; then
        log "reusing $cached (same training inputs)"
        cp "$cached" "$MODEL_DIR/$MODEL_NAME.tar.gz"
    else
        log "training into $MODEL_DIR"
        # `rasa train nlu` reads one file or folder: the chosen files are staged in one.
        rm -rf "$STAGE_DIR" && mkdir -p "$STAGE_DIR"
        find "${TRAIN_DATA[@]}" -type f -name '*.yml' -print0 |
            while IFS= read -r -d '' file; do cp "$file" "$STAGE_DIR/$(echo "$file" | tr / _)"; done
        "$VENV_LINK/bin/rasa" train nlu \
            --nlu "$STAGE_DIR" --domain nlu/domain.yml --config nlu/config.yml \
            --out "$MODEL_DIR" --fixed-model-name "$MODEL_NAME"
        mkdir -p "$(dirname "$cached")"
        cp "$MODEL_DIR/$MODEL_NAME.tar.gz" "$cached.tmp" && mv "$cached.tmp" "$cached"
    fi
    flock -u 8
}

cmd_serve() {
    cmd_train
    # Global, not local: the EXIT trap runs after this function has returned.
    SERVE_PIDS=()
    # shellcheck disable=SC2317  # invoked by the trap
    cleanup() { for pid in "${SERVE_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; }
    trap cleanup EXIT INT TERM
    log "action server on 127.0.0.1:$ACTIONS_PORT"
    SANIC_HOST=127.0.0.1 "$APP_PYTHON" -m rasa_sdk --actions actions --port "$ACTIONS_PORT" &
    SERVE_PIDS+=("$!")
    log "rasa (NLU) on 127.0.0.1:$RASA_PORT"
    "$VENV_LINK/bin/rasa" run --enable-api --port "$RASA_PORT" --interface 127.0.0.1 \
        --model "$MODEL_DIR" &
    SERVE_PIDS+=("$!")
    log "serve the app against them: NLU_ENGINE=rasa RASA_URL=http://127.0.0.1:$RASA_PORT" \
        "ACTIONS_URL=http://127.0.0.1:$ACTIONS_PORT make run"
    # Either process dying ends the pair, so `make rasa` never leaves half a stack running.
    wait -n
}

case "${1:-}" in
    install) cmd_install ;;
    train) cmd_train ;;
    serve) cmd_serve ;;
    *)
        echo "usage: $0 {install|train|serve}" >&2
        exit 2
        ;;
esac
