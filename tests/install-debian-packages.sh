#!/usr/bin/env bash
# Installs the Debian packages that tests drive (Debian's chromium for the web page's browser tests) when any is
# missing, quietly, as root or through sudo. .ci/run calls it before the tests, and the tests call it themselves on a
# fresh machine (as root), so `dotnet test` needs nothing set up first.
#
#   tests/install-debian-packages.sh PACKAGE[:PATH]...     PATH: a file that exists once PACKAGE is installed
set -euo pipefail

missing=()
for spec in "$@"; do
    package=${spec%%:*}
    path=${spec#*:}
    if [ "$path" != "$spec" ] && [ -e "$path" ]; then
        continue
    fi
    if [ "$path" = "$spec" ] && dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        continue
    fi
    missing+=("$package")
done

if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
    sudo="sudo"
fi

echo "Installing Debian packages for the tests: ${missing[*]}" >&2
$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
