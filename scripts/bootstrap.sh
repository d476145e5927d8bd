#!/usr/bin/env bash
# Installs what the project needs and is missing, idempotently: Debian packages
# (Emscripten, CMake, compilers, sanitizer runtimes, ...) and the npm packages
# pinned in package-lock.json. Safe to run any number of times; quick when
# nothing is missing. Works as root without a terminal (CI); says what to do
# when it cannot install.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages, and the command each one provides (to check without dpkg).
APT_PACKAGES=(
  emscripten      # wasm builds (3.1.6 in Debian 12)
  cmake           # the build
  ninja-build     # fast incremental builds
  build-essential # native compiler
  clang           # sanitizer and fuzzer builds
  libclang-rt-14-dev # ASan/UBSan/libFuzzer runtimes for clang
  valgrind        # leak checks of the native CLI
  pkg-config      # the installation test builds the C example with it
  jq libsimdjson-dev libcjson-dev # anchors measured by npm run bench
  chromium fonts-dejavu-core # the web demo's browser tests (headless)
  ${WASMOD_EXTRA_APT_PACKAGES:-}
)

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done

if [ ${#missing[@]} -gt 0 ]; then
  if ! command -v apt-get >/dev/null; then
    echo "bootstrap: missing packages: ${missing[*]}" >&2
    echo "bootstrap: this is not a Debian-like system; install their equivalents by hand, then run again." >&2
    exit 1
  fi
  sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
      sudo=(sudo -n)
    else
      echo "bootstrap: missing packages: ${missing[*]}" >&2
      echo "bootstrap: run as root, or: sudo apt-get install -y ${missing[*]}" >&2
      exit 1
    fi
  fi
  echo "bootstrap: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 20 ]; then
  echo "bootstrap: Node $(node --version) is too old; wasmod needs Node 20 or newer." >&2
  exit 1
fi

# npm ci only when package-lock.json changed since the last install.
stamp=node_modules/.wasmod-lock-sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "bootstrap: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$want" >"$stamp"
fi
