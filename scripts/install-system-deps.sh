#!/usr/bin/env bash
# Installs the system packages the app needs, only where missing.
#   runtime: PostgreSQL server binaries and PostGIS for them (the embedded database)
#   test:    runtime + GDAL/OGR (ogrinfo), Chromium (end-to-end tests), a CJK font (screenshots),
#            nginx (the HTTP cache in front, deploy/nginx)
#   bench:   runtime + wrk (the benchmark's load generator) + nginx (the HTTP cache)
# On Debian/Ubuntu it uses apt-get (as root, or through sudo); elsewhere it says what to install.
set -euo pipefail
what="${1:-runtime}"
missing=()

pg_bindir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

if [ -n "${DATABASE_URL:-}" ] && [ "$what" = runtime ]; then
  : # an external server: nothing to install for the database
else
  bindir="$(pg_bindir)"
  if [ -z "$bindir" ] || [ ! -x "$bindir/postgres" ]; then
    missing+=(postgresql)
    version=""
  else
    version="$(basename "$(dirname "$bindir")")"
  fi
  if [ -n "$version" ] && [ ! -f "/usr/share/postgresql/$version/extension/postgis.control" ]; then
    missing+=("postgresql-$version-postgis-3")
  fi
fi
if [ "$what" = bench ]; then
  command -v wrk >/dev/null || missing+=(wrk)
fi
if [ "$what" = bench ] || [ "$what" = test ]; then
  [ -x /usr/sbin/nginx ] || missing+=(nginx)
fi
if [ "$what" = test ]; then
  command -v ogrinfo >/dev/null || missing+=(gdal-bin)
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  fc-list :lang=zh 2>/dev/null | grep -q . || missing+=(fonts-wqy-microhei)
fi

[ ${#missing[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null; then
  echo "Missing system packages: ${missing[*]}." >&2
  echo "Install PostgreSQL (>= 14) with PostGIS 3 (and for tests GDAL, Chromium), or set DATABASE_URL." >&2
  exit 1
fi
sudo=""
if [ "$(id -u)" != 0 ]; then
  command -v sudo >/dev/null || { echo "Need root to install: ${missing[*]}" >&2; exit 1; }
  sudo=sudo
fi
echo "Installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# A freshly installed server package brings a PostGIS-less version check: re-run for PostGIS.
if [[ " ${missing[*]} " == *" postgresql "* ]]; then exec "$0" "$what"; fi
