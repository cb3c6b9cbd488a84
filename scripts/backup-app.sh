#!/usr/bin/env bash
# Backs up what the database backup and git do not hold: the env files (secrets!), uploaded product images
# (when they are kept under DATA_DIR rather than in S3) and the host's Nginx/TLS configuration. Not the code,
# node_modules or dist/: those are rebuilt from git and package-lock.json (npm ci && npm run build).
#
# Usage: scripts/backup-app.sh            (exit 0 only when the archive was written and reads back)
#
# Environment:
#   POS_ENV_FILE                 dotenv file to read first; the environment wins
#   APP_DIR                      the installed app (default: this repository)
#   APP_BACKUP_DIR               where archives go (default /var/backups/pos/app)
#   APP_BACKUP_RETENTION_DAYS    delete archives older than this after a successful run (default 30; 0 = keep)
#   APP_BACKUP_ENV_FILES         env files to include (default: APP_DIR/.env and APP_DIR/.env.production)
#   DATA_DIR                     the app's data folder (default APP_DIR/data); DATA_DIR/images is included
#                                unless AWS_S3_BUCKET is set (then images live in S3: turn on bucket versioning)
#   APP_BACKUP_EXTRA_PATHS       space-separated files/folders to add (default: those of /etc/nginx/nginx.conf,
#                                /etc/nginx/conf.d, /etc/nginx/sites-enabled, /etc/nginx/ssl, APP_DIR/nginx.conf
#                                and APP_DIR/ssl that exist); listed paths that do not exist are an error
#   BACKUP_NOTIFY_URL / BACKUP_NOTIFY_COMMAND   told about success and failure, as backup-db.sh does
# The archive holds secrets (session and JWT keys, database and SMTP passwords, TLS private keys): it is
# written with mode 600, and its copies must be kept as carefully as the env file itself.
set -euo pipefail
umask 077

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=scripts/lib/backup-common.sh
. "$SCRIPT_DIR/lib/backup-common.sh"
APP_DIR=$(cd "${APP_DIR:-$(dirname "$SCRIPT_DIR")}" && pwd)
BACKUP_DIR=${APP_BACKUP_DIR:-/var/backups/pos/app}
RETENTION_DAYS=${APP_BACKUP_RETENTION_DAYS:-30}
NOTIFY_SUBJECT='app backup'
TMP_FILE=''
DONE=0

finish() {
  local rc=$?
  [ -n "$TMP_FILE" ] && rm -f "$TMP_FILE"
  if [ "$DONE" != 1 ]; then
    [ "$rc" = 0 ] && rc=1
    log "FAILED: app backup of $APP_DIR"
    notify failure app '' 0 "app backup of $APP_DIR failed (see the log)" || true
  fi
  exit "$rc"
}
trap finish EXIT
trap 'exit 130' INT TERM

[[ $RETENTION_DAYS =~ ^[0-9]+$ ]] || die "APP_BACKUP_RETENTION_DAYS must be a whole number"

paths=()
if [ -n "${APP_BACKUP_ENV_FILES:-}" ]; then
  read -r -a env_files <<<"$APP_BACKUP_ENV_FILES"
  for f in "${env_files[@]}"; do
    [ -f "$f" ] || die "env file $f (APP_BACKUP_ENV_FILES) does not exist"
    paths+=("$f")
  done
else
  for f in "$APP_DIR/.env" "$APP_DIR/.env.production"; do
    [ -f "$f" ] && paths+=("$f")
  done
fi
[ ${#paths[@]} -gt 0 ] || die "no env file found in $APP_DIR (.env, .env.production): set APP_BACKUP_ENV_FILES"
log "WARNING: the archive contains ${paths[*]}: secrets; keep it private (mode 600)"

data_dir=${DATA_DIR:-./data}
[[ $data_dir == /* ]] || data_dir="$APP_DIR/${data_dir#./}"
if [ -n "${AWS_S3_BUCKET:-}" ]; then
  log "images are in s3://$AWS_S3_BUCKET (AWS_S3_BUCKET is set): not archived here; turn on bucket versioning"
elif [ -d "$data_dir/images" ]; then
  paths+=("$data_dir/images")
else
  log "no $data_dir/images folder: no uploaded images to back up"
fi
if [ -d "$data_dir/pglite" ] && [ -z "${DATABASE_URL:-}" ]; then
  # Copying the files of a running embedded database gives a torn copy; backup-db.sh needs PostgreSQL.
  log "WARNING: $data_dir/pglite (the embedded database) is NOT in this archive: stop the app and copy it"
fi

if [ -n "${APP_BACKUP_EXTRA_PATHS+set}" ]; then
  read -r -a extra <<<"$APP_BACKUP_EXTRA_PATHS"
  for p in "${extra[@]}"; do
    [ -e "$p" ] || die "$p (APP_BACKUP_EXTRA_PATHS) does not exist"
    paths+=("$p")
  done
else
  for p in /etc/nginx/nginx.conf /etc/nginx/conf.d /etc/nginx/sites-enabled /etc/nginx/ssl \
    "$APP_DIR/nginx.conf" "$APP_DIR/ssl"; do
    [ -e "$p" ] && paths+=("$p")
  done
fi

# Stored relative to / (extract with `tar -xzf <archive> -C /restore-here`), so nothing lands on / by accident.
rel=()
for p in "${paths[@]}"; do
  abs=$(realpath -s "$p")
  rel+=("${abs#/}")
done

mkdir -p "$BACKUP_DIR"
name="app_$(date -u +%Y%m%dT%H%M%SZ).tar.gz"
TMP_FILE="$BACKUP_DIR/.$name.partial"
log "archiving ${#rel[@]} paths to $BACKUP_DIR/$name"
tar --create --gzip --file "$TMP_FILE" --directory / --mode='go-rwx' \
  --exclude='node_modules' -- "${rel[@]}"
tar --list --gzip --file "$TMP_FILE" >/dev/null
sync "$TMP_FILE"
mv -f "$TMP_FILE" "$BACKUP_DIR/$name"
TMP_FILE=''
bytes=$(stat -c %s "$BACKUP_DIR/$name")

if [ "$RETENTION_DAYS" -gt 0 ]; then
  find "$BACKUP_DIR" -maxdepth 1 -type f -name 'app_*.tar.gz' ! -name "$name" \
    -mmin "+$((RETENTION_DAYS * 1440))" -print -delete | while IFS= read -r old; do log "deleted expired $old"; done
fi

DONE=1
log "OK: $BACKUP_DIR/$name ($bytes bytes)"
notify success app "$BACKUP_DIR/$name" "$bytes" "app backup $name written ($bytes bytes)" || exit 3
