#!/usr/bin/env bash
# Proves a backup can be restored: restores it into a scratch database, runs the stock-ledger check
# (npm run inventory:verify), prints row counts of the key tables and checks them, then drops the scratch
# database (also when something fails). Exit 0 only when every check passed.
#
# Usage: scripts/verify-backup.sh [--compare-live] [backup.dump]
#   [backup.dump]    default: the newest <db>_*.dump in BACKUP_DIR
#   --compare-live   also count the live database (DATABASE_URL) and fail when a key table that has rows
#                    there is empty in the backup (counts may differ a little: the live data moved on)
# Environment: DATABASE_URL or PG*; POS_ENV_FILE; BACKUP_DIR (default /var/backups/pos/db);
#   VERIFY_EXPECT_SALES (default 1: a backup without a single sale fails; set 0 for a new installation);
#   PG_MAINTENANCE_DB (default postgres); APP_DIR (default: this repository); INVENTORY_VERIFY_COMMAND;
#   BACKUP_NOTIFY_URL / BACKUP_NOTIFY_COMMAND: told about failures (and successes) as backup-db.sh does.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=scripts/lib/backup-common.sh
. "$SCRIPT_DIR/lib/backup-common.sh"
APP_DIR=${APP_DIR:-$(dirname "$SCRIPT_DIR")}
BACKUP_DIR=${BACKUP_DIR:-/var/backups/pos/db}
EXPECT_SALES=${VERIFY_EXPECT_SALES:-1}
NOTIFY_SUBJECT='backup verification'

COMPARE=0
FILE=''
while [ $# -gt 0 ]; do
  case $1 in
    --compare-live) COMPARE=1 ;;
    -h | --help)
      sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//' >&2
      exit 2
      ;;
    -*) die "unknown option $1" ;;
    *) FILE=$1 ;;
  esac
  shift
done

parse_connection
SCRATCH="${DB_NAME:0:30}_verify_$(date -u +%Y%m%d%H%M%S)_$$"
CREATED=0
PROBLEMS=()

finish() {
  local rc=$?
  if [ "$CREATED" = 1 ]; then
    on_maintenance "drop database if exists \"$SCRATCH\" with (force)" >/dev/null ||
      log "WARNING: could not drop the scratch database $SCRATCH: drop it by hand"
  fi
  if [ "$rc" != 0 ]; then
    log "FAILED: verification of ${FILE:-the latest backup} did not pass"
    notify failure "$DB_NAME" "$FILE" 0 "verification of ${FILE:-the latest backup} failed: ${PROBLEMS[*]:-see the log}" || true
  fi
  exit "$rc"
}
trap finish EXIT
trap 'exit 130' INT TERM

if [ -z "$FILE" ]; then
  FILE=$(find "$BACKUP_DIR" -maxdepth 1 -type f -name "${DB_NAME}_*.dump" -printf '%T@ %p\n' 2>/dev/null |
    sort -n | tail -n 1 | cut -d' ' -f2-)
  [ -n "$FILE" ] || die "no ${DB_NAME}_*.dump in $BACKUP_DIR"
fi
[ -f "$FILE" ] && [ -r "$FILE" ] || die "backup file $FILE is not a readable file"
log "verifying $FILE ($(stat -c %s "$FILE") bytes, $(date -u -r "$FILE" +%Y-%m-%dT%H:%M:%SZ))"

pg_restore --list "$FILE" >/dev/null || {
  PROBLEMS+=('the archive is unreadable')
  die "$FILE is not a readable pg_dump archive"
}

on_maintenance "create database \"$SCRATCH\" template template0" >/dev/null
CREATED=1
restore_into "$FILE" "$SCRATCH" || {
  PROBLEMS+=('pg_restore failed')
  die "pg_restore into $SCRATCH failed"
}

declare -A restored=() live=()
while IFS=$'\t' read -r table rows; do restored[$table]=$rows; done < <(table_counts "$SCRATCH")
if [ "$COMPARE" = 1 ]; then
  while IFS=$'\t' read -r table rows; do live[$table]=$rows; done < <(table_counts "$DB_NAME")
fi

printf '%-28s %12s %12s\n' table backup "$([ "$COMPARE" = 1 ] && echo live || echo '')"
for table in "${KEY_TABLES[@]}"; do
  rows=${restored[public.$table]:-}
  printf '%-28s %12s %12s\n' "$table" "${rows:-missing}" "${live[public.$table]:-}"
  if [ -z "$rows" ]; then
    PROBLEMS+=("table $table is missing")
  elif [ "$COMPARE" = 1 ] && [ "${live[public.$table]:-0}" -gt 0 ] && [ "$rows" -eq 0 ]; then
    PROBLEMS+=("$table is empty in the backup but has ${live[public.$table]} rows live")
  fi
done
printf '%-28s %12s\n' 'tables in all' "${#restored[@]}"
for table in stores users products; do
  [ "${restored[public.$table]:-0}" -gt 0 ] || PROBLEMS+=("no rows in $table")
done
if [ "$EXPECT_SALES" = 1 ] && [ "${restored[public.sales_transactions]:-0}" -eq 0 ]; then
  PROBLEMS+=('no sales in the backup (VERIFY_EXPECT_SALES=0 for a new installation)')
fi

log "checking the stock ledger (inventory:verify) on $SCRATCH"
inventory_verify "$SCRATCH" "$APP_DIR" || PROBLEMS+=('inventory:verify found ledger differences or failed')

if [ ${#PROBLEMS[@]} -gt 0 ]; then
  for problem in "${PROBLEMS[@]}"; do log "PROBLEM: $problem"; done
  exit 1
fi
log "OK: $FILE restores, its stock ledger balances and its key tables have rows"
notify success "$DB_NAME" "$FILE" "$(stat -c %s "$FILE")" "backup $(basename "$FILE") restored and verified" ||
  exit 3
