#!/usr/bin/env bash
# Backs up the POS database with pg_dump (custom format, compressed), checks the archive is readable, keeps
# BACKUP_RETENTION_DAYS of backups, optionally copies it to S3, and says truthfully whether it worked.
#
# Usage: scripts/backup-db.sh            (exit 0 only when every step, the upload included, succeeded)
#
# Environment (all optional except the connection):
#   DATABASE_URL or PGHOST/PGPORT/PGUSER/PGPASSWORD/PGDATABASE   the database to back up
#   POS_ENV_FILE            dotenv file to read first (e.g. /var/www/pos/.env.production); the environment wins
#   BACKUP_DIR              where backups go (default /var/backups/pos/db)
#   BACKUP_RETENTION_DAYS   delete backups older than this, only after a successful run (default 30; 0 = keep all)
#   BACKUP_COMPRESS_LEVEL   pg_dump -Z level 0-9 (default 6)
#   BACKUP_S3_BUCKET        upload each backup to this bucket (off when empty); BACKUP_S3_PREFIX (default
#                           db-backups/), BACKUP_S3_REGION/BACKUP_S3_ENDPOINT (default AWS_REGION/AWS_S3_ENDPOINT),
#                           credentials from AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or the SDK's default chain
#   BACKUP_NOTIFY_URL       webhook: POST {status, database, file, bytes, message} on success and on failure
#   BACKUP_NOTIFY_COMMAND   shell command run with that JSON on stdin (and BACKUP_STATUS… variables)
#   BACKUP_METRICS_FILE     Prometheus textfile for node_exporter (e.g. /var/lib/node_exporter/textfile/pos_backup.prom)
set -euo pipefail
umask 077 # backups hold customer data and password hashes

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=scripts/lib/backup-common.sh
. "$SCRIPT_DIR/lib/backup-common.sh"

BACKUP_DIR=${BACKUP_DIR:-/var/backups/pos/db}
RETENTION_DAYS=${BACKUP_RETENTION_DAYS:-30}
COMPRESS_LEVEL=${BACKUP_COMPRESS_LEVEL:-6}
NOTIFY_SUBJECT='database backup'

DB_NAME=unknown
TMP_FILE=''
FINAL_FILE=''
BYTES=0
STAGE='starting'
DONE=0
ERR_LOG=$(mktemp)

write_metrics() {
  local ok=$1 file=${BACKUP_METRICS_FILE:-} last_ts=0 last_size=0 tmp
  [ -n "$file" ] || return 0
  if [ "$ok" = 1 ]; then
    last_ts=$(date +%s)
    last_size=$BYTES
  elif [ -r "$file" ]; then
    # A failed run keeps the previous success, so "backup older than a day" keeps counting from it.
    last_ts=$(awk '$1 == "pos_backup_last_success_timestamp_seconds" { print $2 }' "$file")
    last_size=$(awk '$1 == "pos_backup_last_size_bytes" { print $2 }' "$file")
  fi
  mkdir -p "$(dirname "$file")"
  tmp="$file.tmp.$$"
  cat >"$tmp" <<EOF
# HELP pos_backup_last_success_timestamp_seconds Unix time of the last successful database backup
# TYPE pos_backup_last_success_timestamp_seconds gauge
pos_backup_last_success_timestamp_seconds ${last_ts:-0}
# HELP pos_backup_last_size_bytes Size of the last successful database backup
# TYPE pos_backup_last_size_bytes gauge
pos_backup_last_size_bytes ${last_size:-0}
# HELP pos_backup_last_run_success 1 if the last backup run succeeded, 0 if it failed
# TYPE pos_backup_last_run_success gauge
pos_backup_last_run_success $ok
EOF
  chmod 644 "$tmp" # node_exporter runs as its own user
  mv -f "$tmp" "$file"
}

# Runs on every exit: a run that did not reach the end is a failure, whatever stopped it.
finish() {
  local rc=$?
  [ -n "$TMP_FILE" ] && rm -f "$TMP_FILE"
  if [ "$DONE" != 1 ]; then
    [ "$rc" = 0 ] && rc=1
    local detail
    detail=$(tail -n 5 "$ERR_LOG" 2>/dev/null | tr '\n' ' ' || true)
    local message="backup of $DB_NAME failed while $STAGE${detail:+: $detail}"
    log "FAILED: $message"
    write_metrics 0 || log "WARNING: could not write BACKUP_METRICS_FILE"
    notify failure "$DB_NAME" "${FINAL_FILE:-}" 0 "$message" || true
  fi
  rm -f "$ERR_LOG"
  exit "$rc"
}
trap finish EXIT
trap 'exit 130' INT TERM

STAGE='checking the configuration'
command -v pg_dump >/dev/null || die 'pg_dump is not installed (apt-get install postgresql-client)'
[[ $RETENTION_DAYS =~ ^[0-9]+$ ]] || die "BACKUP_RETENTION_DAYS must be a whole number, got '$RETENTION_DAYS'"
[[ $COMPRESS_LEVEL =~ ^[0-9]$ ]] || die "BACKUP_COMPRESS_LEVEL must be 0-9, got '$COMPRESS_LEVEL'"
parse_connection
mkdir -p "$BACKUP_DIR"

# One run at a time: a slow dump and the next cron run must not prune each other's files.
exec 9>"$BACKUP_DIR/.backup-db.lock"
flock -n 9 || die "another backup-db.sh is running on $BACKUP_DIR"

STAMP=$(date -u +%Y%m%dT%H%M%SZ)
FINAL_NAME="${DB_NAME}_${STAMP}.dump"
n=1
while [ -e "$BACKUP_DIR/$FINAL_NAME" ]; do # a second run within the same second never replaces a backup
  n=$((n + 1))
  FINAL_NAME="${DB_NAME}_${STAMP}-$n.dump"
done
# The temp file sits in BACKUP_DIR so the rename is atomic; its name never matches *.dump.
TMP_FILE="$BACKUP_DIR/.${FINAL_NAME}.partial"

STAGE='running pg_dump'
log "backing up database $DB_NAME to $BACKUP_DIR/$FINAL_NAME"
pg_dump --format=custom --compress="$COMPRESS_LEVEL" --no-password --file="$TMP_FILE" \
  --dbname="$(pg_target "$DB_NAME")" 2>"$ERR_LOG"

STAGE='checking the archive (pg_restore)'
toc=$(pg_restore --list "$TMP_FILE" 2>"$ERR_LOG")
entries=$(grep -c ' TABLE DATA ' <<<"$toc" || true)
# --list reads only the table of contents; converting the whole archive to SQL (thrown away) also reads and
# decompresses every data block, so a short or damaged file is caught here. A real restore is verify-backup.sh.
pg_restore --file=/dev/null "$TMP_FILE" 2>"$ERR_LOG"
log "archive readable: $entries tables with data"

sync "$TMP_FILE"
mv -f "$TMP_FILE" "$BACKUP_DIR/$FINAL_NAME"
TMP_FILE=''
FINAL_FILE="$BACKUP_DIR/$FINAL_NAME"
BYTES=$(stat -c %s "$FINAL_FILE")

if [ -n "${BACKUP_S3_BUCKET:-}" ]; then
  STAGE='uploading to S3'
  key="${BACKUP_S3_PREFIX-db-backups/}$FINAL_NAME"
  node "$SCRIPT_DIR/upload-backup.mjs" "$FINAL_FILE" "$key" 2>"$ERR_LOG"
  log "uploaded to s3://$BACKUP_S3_BUCKET/$key"
fi

STAGE='deleting expired backups'
if [ "$RETENTION_DAYS" -gt 0 ]; then
  # Only now that a new backup exists and is readable; the one just made is never a candidate.
  find "$BACKUP_DIR" -maxdepth 1 -type f -name "${DB_NAME}_*.dump" ! -name "$FINAL_NAME" \
    -mmin "+$((RETENTION_DAYS * 1440))" -print -delete | while IFS= read -r old; do log "deleted expired $old"; done
fi
# Leftovers of runs killed with SIGKILL (no trap ran).
find "$BACKUP_DIR" -maxdepth 1 -type f -name '.*.dump.partial' -mmin +1440 -delete

DONE=1
write_metrics 1 || log "WARNING: could not write BACKUP_METRICS_FILE"
message="backup of $DB_NAME written: $FINAL_NAME ($BYTES bytes)"
log "OK: $message"
if ! notify success "$DB_NAME" "$FINAL_FILE" "$BYTES" "$message"; then
  exit 3 # the backup is good, but nobody heard about it: let cron mail the log
fi
