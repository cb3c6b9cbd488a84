#!/usr/bin/env bash
# Creates .env for Docker Compose from .env.example with fresh random secrets (JWT, session, MFA key, PostgreSQL, the
# app and monitor roles, Redis, Grafana). The secrets are written to the file only, never printed.
# Usage: scripts/make-env.sh [--force] [--out FILE]
#   --out FILE   where to write (default: .env in the repository root)
#   --force      replace an existing file (otherwise the script refuses and exits 1)
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/.env"
force=false
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out="${2:?--out needs a file}"; shift 2 ;;
    --force) force=true; shift ;;
    -h|--help) sed -n '2,6p' "$0"; exit 0 ;;
    *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
done

if [ -e "$out" ] && [ "$force" != true ]; then
  echo "$out already exists; not overwritten (use --force to replace it, which changes every secret)" >&2
  exit 1
fi

# 32 random bytes as 64 hex characters: long enough for the app's checks and safe inside URLs.
secret() { od -An -N32 -tx1 /dev/urandom | tr -d ' \n'; }

umask 077
tmp="$out.tmp"
cp "$root/.env.example" "$tmp"
for name in JWT_SECRET SESSION_SECRET MFA_ENCRYPTION_KEY POSTGRES_PASSWORD APP_DB_PASSWORD MONITOR_DB_PASSWORD REDIS_PASSWORD \
  GRAFANA_ADMIN_PASSWORD; do
  if ! grep -q "^$name=$" "$tmp"; then
    echo ".env.example has no empty line '$name=' to fill" >&2
    rm -f "$tmp"
    exit 1
  fi
  sed -i "s/^$name=$/$name=$(secret)/" "$tmp"
done
mv "$tmp" "$out"
echo "$out written with new random secrets (readable by you only). Next: docker compose up -d --build"
