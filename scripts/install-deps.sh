#!/usr/bin/env bash
# Installs what loopstep needs from Debian's packages, and only what is missing.
# Idempotent; runs `apt-get update` once, only when something has to be installed.
#   scripts/install-deps.sh            build + tests + the desktop app
#   scripts/install-deps.sh --bench    also what the benchmarks compare against (libuv)
#   scripts/install-deps.sh --windows  also the MinGW-w64 cross compiler and Wine (issue 6)
set -euo pipefail

packages=(
  # build
  cmake make g++ pkg-config
  # make package: dpkg-shlibdeps finds the .deb's dependencies
  dpkg-dev
  # core
  libspdlog-dev libfmt-dev doctest-dev libtomlplusplus-dev libcli11-dev nlohmann-json3-dev
  # the iocp backend's sockets on Linux: IOCP semantics on io_uring
  liburing-dev
  # the Node oracle test runs the exported program with node
  nodejs
  # the desktop app: Dear ImGui 1.86, GLFW, the glad generator, stb, fonts, Xvfb for tests
  libimgui-dev libglfw3-dev python3-glad libstb-dev fonts-dejavu-core
  xvfb xauth libgl1-mesa-dri libgl-dev libegl-dev
  # the drop test drives the real window: xdotool finds it, python3-xlib drops files on it (XDND)
  xdotool python3-xlib
  # sanitizers
  clang-14 libclang-rt-14-dev
)
for arg in "$@"; do
  case "$arg" in
    --bench) packages+=(libuv1-dev) ;;
    # posix thread model: the win32 variant rejects std::thread. wine64 runs the .exe files.
    --windows) packages+=(g++-mingw-w64-x86-64-posix wine wine64) ;;
    *) echo "install-deps.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    # A package another one already provides (nodejs from elsewhere) counts as present.
    if [[ "$p" == nodejs ]] && command -v node >/dev/null; then continue; fi
    missing+=("$p")
  fi
done
if ((${#missing[@]} == 0)); then
  exit 0
fi

SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
echo "install-deps.sh: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
