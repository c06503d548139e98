# Helpers shared by the scripts; source it, don't run it. Each helper takes
# what it needs as arguments and reads no variable of its caller's.

log() { printf '\n==> %s\n' "$*" >&2; }

# ensure_venv DIR REQUIREMENTS: a venv at DIR holding exactly what the
# requirements file pins; reinstalled only when that file changes.
ensure_venv() {
    local dir="$1" requirements="$2" stamp
    stamp="$(sha256sum "$requirements" | cut -d' ' -f1)"
    if [[ -f "$dir/.requirements.sha256" && "$(cat "$dir/.requirements.sha256")" == "$stamp" ]]; then
        return
    fi
    log "Installing $(basename "$requirements" .txt) tools into $dir"
    python3 -m venv "$dir"
    "$dir/bin/pip" install --quiet --disable-pip-version-check -r "$requirements"
    echo "$stamp" >"$dir/.requirements.sha256"
}

# Offline settings every AWS tool here runs with: the emulator's dummy
# credentials, one region, no telemetry, and no developer profile leaking in.
use_offline_aws() {
    export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test
    export AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1
    export SAM_CLI_TELEMETRY=0
    unset AWS_PROFILE AWS_SESSION_TOKEN
}

# Debian's Chromium for the browser tests (playwright must not fetch its own).
ensure_chromium() {
    command -v chromium >/dev/null && return
    log "Installing Debian's chromium"
    local sudo=""
    [[ "$(id -u)" == 0 ]] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
}

# node_modules exactly as DIR's package-lock.json pins them; reinstalled only
# when the lock file changes.
ensure_node_modules() {
    local dir="$1" stamp
    stamp="$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)"
    if [[ -f "$dir/node_modules/.lock.sha256" && "$(cat "$dir/node_modules/.lock.sha256")" == "$stamp" ]]; then
        return
    fi
    log "Installing ${dir}'s npm packages"
    npm ci --prefix "$dir" --no-audit --no-fund --silent
    echo "$stamp" >"$dir/node_modules/.lock.sha256"
}

# free_port: a free TCP port on 127.0.0.1.
free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# wait_for_http URL PID LOG WHAT: waits until URL answers, failing with
# LOG's contents if process PID dies or 30 seconds pass first.
wait_for_http() {
    local url="$1" pid="$2" log_file="$3" what="$4"
    for _ in $(seq 1 150); do
        curl -fsS "$url" >/dev/null 2>&1 && return 0
        if ! kill -0 "$pid" 2>/dev/null; then
            cat "$log_file" >&2
            echo "$what exited before it answered at $url" >&2
            return 1
        fi
        sleep 0.2
    done
    cat "$log_file" >&2
    echo "$what did not answer at $url within 30 seconds" >&2
    return 1
}
