#!/bin/sh
# Installs everything the tests need on a fresh Debian machine (run as root, or with sudo
# before apt-get): the Debian packages below, then kehoach with its test and docs extras in
# .venv. README.md's test command runs this, then pytest; .ci/run runs that command.
set -eu
cd "$(dirname "$0")/.."

# One package a line, so that changes read (and merge) line by line.
APT_PACKAGES="
libreoffice-writer-nogui
python3-uno
fonts-liberation2
poppler-utils
chromium
chromium-driver
"

export DEBIAN_FRONTEND=noninteractive
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $APT_PACKAGES >/dev/null
python3 -m venv .venv
.venv/bin/pip install -q -e ".[test,docs]"
