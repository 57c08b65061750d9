#!/usr/bin/env bash
# Installs what building, running and testing Chancery needs, and nothing twice: Debian packages that are missing
# (apt-get) and the console's npm packages (npm ci) when node_modules is missing or older than package-lock.json.
#   scripts/install-deps.sh            # build + run
#   scripts/install-deps.sh --test     # also what tests and benchmarks need (PostgreSQL, PostGIS, chromium, wrk)
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  build-essential cmake ninja-build ccache pkg-config git
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libssl-dev zlib1g-dev libsqlite3-dev libpq-dev libsodium-dev liboath-dev libqrencode-dev
  libspdlog-dev libfmt-dev libcli11-dev libtomlplusplus-dev libicu-dev libcurl4-openssl-dev libnats-dev libmagic-dev libvectorscan-dev libxml2-dev libcld2-dev
  libgtest-dev libgmock-dev
  nodejs npm
)
if [[ "${1:-}" == "--test" ]]; then
  packages+=(postgresql postgresql-client clang-14 libclang-rt-14-dev clang-format-14 clang-tidy-14 chromium wrk nginx-light
             curl procps openssl sqlite3 python3-aiosmtpd nats-server libxml2-utils
             default-jdk-headless liblucene4.10-java libicu4j-java
             postgresql-15-postgis-3)
fi

missing=()
for package in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$package")
done
# nodejs/npm may come from elsewhere (e.g. a newer Node already on PATH): accept working commands.
if command -v node >/dev/null && command -v npm >/dev/null; then
  filtered=()
  for package in "${missing[@]}"; do [[ "$package" == nodejs || "$package" == npm ]] || filtered+=("$package"); done
  missing=("${filtered[@]}")
fi
if ((${#missing[@]})); then
  echo "Installing Debian packages: ${missing[*]}"
  sudo_cmd=""
  [[ $(id -u) -eq 0 ]] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

npm_install() {
  local dir=$1
  [[ -f "$dir/package-lock.json" ]] || return 0
  if [[ ! -d "$dir/node_modules" || "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]]; then
    echo "Installing npm packages in $dir"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}
npm_install web
if [[ "${1:-}" == "--test" ]]; then
  npm_install tests
fi
