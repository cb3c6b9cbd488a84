#!/usr/bin/env bash
# Makes a self-signed TLS certificate for Nginx: ssl/server.crt and ssl/server.key (the names nginx.conf uses).
# For a first start and for tests; browsers warn about it. Real certificates go in the same two files.
# Usage: scripts/make-self-signed-cert.sh [--force] [--out DIR] [--name HOSTNAME]
#   --out DIR       where to write (default: ssl/ next to this repository's scripts/)
#   --name HOST     the certificate's name (default: localhost); localhost and 127.0.0.1 are always included
#   --force         replace an existing certificate (otherwise the script refuses and exits 1)
set -euo pipefail

out="$(cd "$(dirname "$0")/.." && pwd)/ssl"
name=localhost
force=false
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out="${2:?--out needs a directory}"; shift 2 ;;
    --name) name="${2:?--name needs a host name}"; shift 2 ;;
    --force) force=true; shift ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
done

crt="$out/server.crt"
key="$out/server.key"
if [ "$force" != true ] && { [ -e "$crt" ] || [ -e "$key" ]; }; then
  echo "$crt or $key already exists; not overwritten (use --force to replace it)" >&2
  exit 1
fi

mkdir -p "$out"
# Written beside the final names, then moved, so Nginx never reads half a key; the key is private from the start.
umask 077
san="DNS:localhost,IP:127.0.0.1"
[ "$name" = localhost ] || san="DNS:$name,$san"
openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 825 \
  -subj "/CN=$name" \
  -addext "subjectAltName=$san" \
  -keyout "$key.tmp" -out "$crt.tmp" 2>/dev/null
chmod 644 "$crt.tmp"
# Nginx's master reads the key as root before dropping privileges, so 600 is enough.
mv "$key.tmp" "$key"
mv "$crt.tmp" "$crt"
echo "self-signed certificate for $name written to $crt (key: $key), valid 825 days"
