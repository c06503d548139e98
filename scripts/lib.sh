# Helpers shared by the scripts; source it, don't run it.

log() { printf '\n==> %s\n' "$*" >&2; }

# ensure_venv DIR REQUIREMENTS: a venv at DIR holding exactly what the
# requirements file pins; reinstalled only when that file changes.
ensure_venv() {
    local dir="$1" requirements="$2" stamp
    stamp="$(sha256sum "$requirements" | cut -d' ' -f1)"
    if [[ -f "$dir/.requirements.sha256" && "$(cat "$dir/.requirements.sha256")" == "$stamp" ]]; then
        return
    fi
    log "Installing $(basename "$requirements" .txt) tools into ${dir#"$root"/}"
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
