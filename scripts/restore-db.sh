#!/usr/bin/env bash
# Restores a backup made by backup-db.sh into a NEW database, checks it, and only on request swaps it in by
# renaming. Never restores on top of live data; the live database is renamed and kept, never dropped.
#
# Usage: scripts/restore-db.sh [--swap] [--yes] [--force] [--skip-inventory-verify] <backup.dump> [target-db]
#   <backup.dump>   a custom-format archive from backup-db.sh
#   [target-db]     the database it is for (default: the one in DATABASE_URL / PGDATABASE)
#   --swap          after the checks, rename <target> to <target>_before_restore_<ts> and the restored copy to
#                   <target>. Stop the app first (pm2 stop / docker compose stop app): with other sessions
#                   connected the swap aborts, unless --force, which terminates them.
#   --yes           do not ask for confirmation before the swap (needed when not on a terminal)
#   --skip-inventory-verify   do not run `npm run inventory:verify` on the restored copy
# Environment: DATABASE_URL or PG*; POS_ENV_FILE; PG_MAINTENANCE_DB (default postgres) for CREATE/ALTER DATABASE;
# APP_DIR (default: this repository) for inventory:verify. The connecting role needs CREATEDB (and to own the
# target database to rename it).
# Undo a swap (the "rollback of the rollback"): stop the app, then in psql on the postgres database:
#   ALTER DATABASE <target> RENAME TO <target>_rejected_<ts>;
#   ALTER DATABASE <target>_before_restore_<ts> RENAME TO <target>;
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=scripts/lib/backup-common.sh
. "$SCRIPT_DIR/lib/backup-common.sh"
APP_DIR=${APP_DIR:-$(dirname "$SCRIPT_DIR")}

usage() {
  sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//' >&2
  exit 2
}

SWAP=0 YES=0 FORCE=0 INVENTORY=1
args=()
while [ $# -gt 0 ]; do
  case $1 in
    --swap) SWAP=1 ;;
    --yes | -y) YES=1 ;;
    --force) FORCE=1 ;;
    --skip-inventory-verify) INVENTORY=0 ;;
    -h | --help) usage ;;
    -*) log "unknown option $1" && usage ;;
    *) args+=("$1") ;;
  esac
  shift
done
[ ${#args[@]} -ge 1 ] && [ ${#args[@]} -le 2 ] || usage
FILE=${args[0]}
[ -f "$FILE" ] && [ -r "$FILE" ] || die "backup file $FILE is not a readable file"

parse_connection
TARGET=${args[1]:-$DB_NAME}
[[ $TARGET =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] || die "target database '$TARGET' is not a plain identifier"
[ ${#TARGET} -le 33 ] || die "database name $TARGET is too long to add a _before_restore_<timestamp> suffix"

pg_restore --list "$FILE" >/dev/null || die "$FILE is not a readable pg_dump archive"

sql_literal() { printf "'%s'" "${1//\'/\'\'}"; }

# The names carry the time to the second: a second restore of the same database within that second waits
# for a stamp whose names are free rather than failing on "already exists".
while :; do
  STAMP=$(date -u +%Y%m%d%H%M%S)
  NEW_DB="${TARGET}_restore_${STAMP}"
  OLD_DB="${TARGET}_before_restore_${STAMP}"
  taken=$(on_maintenance "select count(*) from pg_database where datname in ($(sql_literal "$NEW_DB"), $(sql_literal "$OLD_DB"))")
  [ "$taken" = 0 ] && break
  sleep 1
done

live_exists=$(on_maintenance "select count(*) from pg_database where datname = $(sql_literal "$TARGET")")
owner=''
if [ "$live_exists" = 1 ]; then
  # The copy gets the live database's owner, so the app's role can use it after the swap.
  owner=$(on_maintenance "select pg_get_userbyid(datdba) from pg_database where datname = $(sql_literal "$TARGET")")
fi

CREATED=0
LOCKED=0
cleanup() {
  local rc=$?
  if [ "$LOCKED" = 1 ]; then
    on_maintenance "alter database \"$TARGET\" with allow_connections true" >/dev/null || true
  fi
  if [ "$rc" != 0 ] && [ "$CREATED" = 1 ]; then
    log "restore failed: dropping the incomplete copy $NEW_DB (the live database was not touched)"
    on_maintenance "drop database if exists \"$NEW_DB\" with (force)" >/dev/null || true
  fi
  exit "$rc"
}
trap cleanup EXIT

log "creating database $NEW_DB${owner:+ owned by $owner}"
on_maintenance "create database \"$NEW_DB\" template template0${owner:+ owner \"$owner\"}" >/dev/null
CREATED=1
log "restoring $FILE into $NEW_DB"
restore_into "$FILE" "$NEW_DB"

log "row counts in $NEW_DB and in the live $TARGET:"
declare -A restored=() live=()
while IFS=$'\t' read -r table rows; do restored[$table]=$rows; done < <(table_counts "$NEW_DB")
if [ "$live_exists" = 1 ]; then
  while IFS=$'\t' read -r table rows; do live[$table]=$rows; done < <(table_counts "$TARGET")
fi
printf '  %-40s %12s %12s\n' table restored live >&2
for table in $(printf '%s\n' "${!restored[@]}" | sort); do
  printf '  %-40s %12s %12s\n' "$table" "${restored[$table]}" "${live[$table]:--}" >&2
done
[ ${#restored[@]} -gt 0 ] || die "the restored database has no tables"
[ "${restored[public.users]:-0}" -gt 0 ] || die "the restored database has no users: nobody could sign in"

if [ "$INVENTORY" = 1 ]; then
  log "checking the stock ledger of $NEW_DB (inventory:verify)"
  inventory_verify "$NEW_DB" "$APP_DIR" || die "inventory:verify failed on the restored copy"
fi

if [ "$SWAP" != 1 ]; then
  CREATED=0
  log "OK: restored into $NEW_DB; the live database $TARGET is untouched."
  log "To switch: stop the app and run again with --swap, or point DATABASE_URL at $NEW_DB."
  exit 0
fi

if [ "$YES" != 1 ]; then
  [ -t 0 ] || die "--swap needs --yes when not run on a terminal"
  printf 'Replace database %s with %s (the old one is kept as %s)? Type the database name to confirm: ' \
    "$TARGET" "$NEW_DB" "$OLD_DB" >&2
  read -r answer
  [ "$answer" = "$TARGET" ] || die "not confirmed; $NEW_DB is kept, $TARGET untouched"
fi

if [ "$live_exists" = 1 ]; then
  # No new sessions on the live database from here on; then see who is still connected.
  on_maintenance "alter database \"$TARGET\" with allow_connections false" >/dev/null
  LOCKED=1
  others=$(on_maintenance "select count(*) from pg_stat_activity where datname = $(sql_literal "$TARGET") and pid <> pg_backend_pid()")
  if [ "$others" -gt 0 ]; then
    if [ "$FORCE" != 1 ]; then
      on_maintenance "select coalesce(application_name, '') || ' ' || coalesce(host(client_addr), 'local') || ' ' || state from pg_stat_activity where datname = $(sql_literal "$TARGET")" |
        sed 's/^/  connected: /' >&2
      CREATED=0
      die "$others other session(s) on $TARGET: stop the app first (or --force to terminate them). $NEW_DB is kept."
    fi
    log "terminating $others session(s) on $TARGET (--force)"
    on_maintenance "select pg_terminate_backend(pid) from pg_stat_activity where datname = $(sql_literal "$TARGET") and pid <> pg_backend_pid()" >/dev/null
    sleep 1
  fi
  # Both renames in one transaction: either the restored copy is live and the old one kept, or nothing changed.
  psql_on "$MAINTENANCE_DB" -c "begin;
    alter database \"$TARGET\" rename to \"$OLD_DB\";
    alter database \"$NEW_DB\" rename to \"$TARGET\";
    commit;"
  LOCKED=0
  on_maintenance "alter database \"$OLD_DB\" with allow_connections true" >/dev/null
  CREATED=0
  log "OK: $TARGET is now the restored copy; the previous database is kept as $OLD_DB."
  log "Undo: stop the app, rename $TARGET to ${TARGET}_rejected_$STAMP and $OLD_DB back to $TARGET."
else
  on_maintenance "alter database \"$NEW_DB\" rename to \"$TARGET\"" >/dev/null
  CREATED=0
  log "OK: $TARGET did not exist; the restored copy now has that name."
fi
log "Start the app again and check it (npm run inventory:verify, a test sale)."
