#!/bin/sh
# Installs what Folio needs on Debian 12 with Node 20: the Debian packages listed in scripts/debian-packages.txt
# that are missing (with --desktop, also those in scripts/debian-packages-desktop.txt), then the npm packages
# (`npm ci`, which builds the CLI). Nothing is downloaded from anywhere but Debian's archive and the npm registry.
# As root it says what it runs and runs it; as another user it prints the one command to run as root and exits 3.
set -eu
cd "$(dirname "$0")/.."

lists=scripts/debian-packages.txt
for arg in "$@"; do
  case $arg in
    --desktop) lists="$lists scripts/debian-packages-desktop.txt" ;;
    *) echo "setup: unknown option $arg (known: --desktop)" >&2; exit 2 ;;
  esac
done

# The listed packages that dpkg does not report as installed.
missing=
for package in $(sed 's/#.*//' $lists); do
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
  [ "$status" = "install ok installed" ] || missing="$missing $package"
done
missing=${missing# }

if [ -n "$missing" ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "setup: these Debian packages are missing: $missing. Install them as root, then run setup again:" >&2
    echo "sudo apt-get update && sudo apt-get install -y $missing"
    exit 3
  fi
  echo "setup: installing the missing Debian packages: $missing"
  echo "setup: running apt-get update"
  apt-get update
  echo "setup: running apt-get install -y $missing"
  DEBIAN_FRONTEND=noninteractive apt-get install -y $missing
else
  echo "setup: every Debian package Folio needs is installed"
fi

echo "setup: running npm ci"
npm ci --no-audit --no-fund
