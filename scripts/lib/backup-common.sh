# Shared by backup-db.sh, restore-db.sh, verify-backup.sh and backup-app.sh (sourced, not run).
# Connection: DATABASE_URL (the variable the app uses) or libpq's PG* variables. The password never goes on a
# command line (other users can read those in `ps`): it is moved from the URL into PGPASSWORD.
# POS_ENV_FILE: a dotenv file (e.g. /var/www/pos/.env.production) read without executing it; variables already
# set in the environment win, as in the app.

log() { printf '%s %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$*" >&2; }
die() {
  log "ERROR: $*"
  exit 1
}

# Reads KEY=VALUE lines (dotenv syntax: comments, optional quotes, `export ` prefix) without evaluating them:
# `. .env` would run `SMTP_FROM=Pet Products POS <no-reply@…>` as a command with a redirection.
load_env_file() {
  local file=$1 line key value
  [ -r "$file" ] || die "env file $file is not readable"
  while IFS= read -r line || [ -n "$line" ]; do
    line=${line%$'\r'}
    [[ $line =~ ^[[:space:]]*(export[[:space:]]+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$ ]] || continue
    key=${BASH_REMATCH[2]}
    value=${BASH_REMATCH[3]}
    if [[ $value =~ ^\"(.*)\"[[:space:]]*$ ]] || [[ $value =~ ^\'(.*)\'[[:space:]]*$ ]]; then
      value=${BASH_REMATCH[1]}
    else
      value=${value%%[[:space:]]#*}
      value=${value%"${value##*[![:space:]]}"}
    fi
    if [ -z "${!key+set}" ]; then
      export "$key=$value"
    fi
  done <"$file"
}

if [ -n "${POS_ENV_FILE:-}" ]; then
  load_env_file "$POS_ENV_FILE"
fi

url_decode() {
  local s=${1//+/ }
  printf '%b' "${s//%/\\x}"
}

# Sets DB_NAME (the database the app uses), PG_URL_BASE (scheme://user@host:port, no password) and
# PG_URL_QUERY (?sslmode=… or empty); exports PGPASSWORD when the URL carries one.
parse_connection() {
  PG_URL_BASE=''
  PG_URL_QUERY=''
  if [ -n "${DATABASE_URL:-}" ]; then
    local url=$DATABASE_URL rest userinfo hostpart path
    [[ $url =~ ^(postgres|postgresql)://(.*)$ ]] || die 'DATABASE_URL must start with postgres:// or postgresql://'
    rest=${BASH_REMATCH[2]}
    if [[ $rest == *\?* ]]; then
      PG_URL_QUERY="?${rest#*\?}"
      rest=${rest%%\?*}
    fi
    path=''
    if [[ $rest == */* ]]; then
      path=${rest#*/}
      rest=${rest%%/*}
    fi
    userinfo=''
    hostpart=$rest
    if [[ $rest == *@* ]]; then
      userinfo=${rest%@*}
      hostpart=${rest##*@}
    fi
    if [[ $userinfo == *:* ]]; then
      export PGPASSWORD
      PGPASSWORD=$(url_decode "${userinfo#*:}")
      userinfo=${userinfo%%:*}
    fi
    PG_URL_BASE="postgresql://${userinfo:+$userinfo@}$hostpart"
    DB_NAME=$(url_decode "$path")
    [ -n "$DB_NAME" ] || DB_NAME=${PGDATABASE:-$(url_decode "${userinfo:-$(id -un)}")}
  else
    # The app without DATABASE_URL runs the embedded PGlite database, which pg_dump cannot reach.
    [ -n "${PGDATABASE:-}${PGHOST:-}" ] ||
      die 'set DATABASE_URL (or PGHOST/PGDATABASE): the app uses PostgreSQL only when DATABASE_URL is set; an embedded (PGlite) installation is backed up by stopping the app and copying DATA_DIR/pglite'
    DB_NAME=${PGDATABASE:-${PGUSER:-$(id -un)}}
  fi
  [[ $DB_NAME =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] || die "database name '$DB_NAME' is not a plain identifier"
}

# What libpq tools get as -d for database $1: the URL (no password) or, with PG* variables, just the name.
pg_target() {
  if [ -n "$PG_URL_BASE" ]; then
    printf '%s/%s%s' "$PG_URL_BASE" "$1" "$PG_URL_QUERY"
  else
    printf '%s' "$1"
  fi
}

# A DATABASE_URL for the app's own tools (inventory:verify) pointing at database $1; node-postgres takes the
# password from PGPASSWORD, so the URL carries none.
app_url() {
  if [ -n "$PG_URL_BASE" ]; then
    pg_target "$1"
  else
    local host=${PGHOST:-localhost}
    [[ $host == /* ]] && host=$(printf '%s' "$host" | sed 's|/|%2F|g')
    printf 'postgresql://%s@%s:%s/%s' "${PGUSER:-$(id -un)}" "$host" "${PGPORT:-5432}" "$1"
  fi
}

# psql on database $1 with the rest as arguments; quiet, stops at the first error, no psqlrc.
psql_on() {
  local db=$1
  shift
  psql -X -q -v ON_ERROR_STOP=1 -d "$(pg_target "$db")" "$@"
}

MAINTENANCE_DB=${PG_MAINTENANCE_DB:-postgres}
# One statement on the maintenance database (CREATE/DROP/ALTER DATABASE), unaligned output.
on_maintenance() { psql_on "$MAINTENANCE_DB" -At -c "$1"; }

# Tables every restore and verification reports; sales_transactions/_items are the sales and sale lines,
# stock_movements the inventory ledger.
KEY_TABLES=(stores users products inventory stock_movements customers shifts sales_transactions
  sales_transaction_items sales_payments audit_log)

# Prints "table<TAB>rows" for every ordinary table outside the system schemas, exact counts (not estimates).
table_counts() {
  local db=$1 sql
  sql=$(psql_on "$db" -At -c "
    select string_agg(format('select %L as t, count(*) as n from %I.%I', table_schema || '.' || table_name,
                             table_schema, table_name), ' union all ' order by table_schema, table_name)
    from information_schema.tables
    where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')")
  [ -n "$sql" ] || return 0
  psql_on "$db" -At -F $'\t' -c "$sql order by 1"
}

json_escape() {
  local s=$1
  s=${s//\\/\\\\}
  s=${s//\"/\\\"}
  s=${s//$'\n'/\\n}
  s=${s//$'\r'/\\r}
  s=${s//$'\t'/\\t}
  printf '%s' "$s" | tr -d '\000-\037'
}

# POSTs stdin as JSON to $1: curl when installed, else Node's fetch (the app's runtime is always there).
post_json() {
  if command -v curl >/dev/null; then
    curl -fsS -o /dev/null --max-time "${BACKUP_NOTIFY_TIMEOUT:-15}" --retry 2 -X POST \
      -H 'Content-Type: application/json' --data-binary @- "$1" 2>/dev/null
  else
    NOTIFY_TARGET=$1 node --input-type=module -e '
      const body = await new Response(process.stdin).text();
      const response = await fetch(process.env.NOTIFY_TARGET, { method: "POST", body,
        headers: { "Content-Type": "application/json" }, signal: AbortSignal.timeout(15000) });
      process.exit(response.ok ? 0 : 1);' 2>/dev/null
  fi
}

# notify <status> <database> <file> <bytes> <message>: POSTs JSON to BACKUP_NOTIFY_URL and/or runs
# BACKUP_NOTIFY_COMMAND (JSON on stdin, fields also as BACKUP_STATUS… variables). Returns non-zero when a
# configured channel could not be reached; the URL is never printed (webhook URLs carry tokens).
notify() {
  local status=$1 database=$2 file=$3 bytes=$4 message=$5 payload rc=0
  payload=$(printf '{"status":"%s","database":"%s","file":"%s","bytes":%s,"message":"%s","host":"%s","text":"%s"}' \
    "$(json_escape "$status")" "$(json_escape "$database")" "$(json_escape "$file")" "${bytes:-0}" \
    "$(json_escape "$message")" "$(json_escape "$(hostname)")" \
    "$(json_escape "[$(hostname)] ${NOTIFY_SUBJECT:-backup} $status: $message")")
  if [ -n "${BACKUP_NOTIFY_URL:-}" ]; then
    if ! printf '%s' "$payload" | post_json "$BACKUP_NOTIFY_URL"; then
      log "WARNING: the notification webhook (BACKUP_NOTIFY_URL) could not be reached"
      rc=1
    fi
  fi
  if [ -n "${BACKUP_NOTIFY_COMMAND:-}" ]; then
    # The database password stays with the database tools.
    if ! printf '%s' "$payload" | env -u PGPASSWORD BACKUP_STATUS="$status" BACKUP_DATABASE="$database" \
      BACKUP_FILE="$file" BACKUP_BYTES="${bytes:-0}" BACKUP_MESSAGE="$message" bash -c "$BACKUP_NOTIFY_COMMAND"; then
      log "WARNING: BACKUP_NOTIFY_COMMAND failed"
      rc=1
    fi
  fi
  return "$rc"
}

# Restores dump $1 into the existing empty database $2, all or nothing.
restore_into() {
  local file=$1 db=$2
  pg_restore --exit-on-error --single-transaction --no-password -d "$(pg_target "$db")" "$file"
}

# Runs the app's ledger check (npm run inventory:verify) against database $1.
inventory_verify() {
  local db=$1 app_dir=$2 cmd
  if [ -n "${INVENTORY_VERIFY_COMMAND:-}" ]; then
    cmd=$INVENTORY_VERIFY_COMMAND
  elif [ -f "$app_dir/dist/inventory-verify.js" ]; then
    cmd='node dist/inventory-verify.js'
  else
    cmd='npm run --silent inventory:verify'
  fi
  (cd "$app_dir" && DATABASE_URL=$(app_url "$db") bash -c "$cmd")
}
