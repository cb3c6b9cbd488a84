-- Pet Products POS: roles, privileges, extensions and connection limits for the app's database.
-- Idempotent: run it again after changing a password or a limit. Runs as a superuser, connected to the app's
-- database (it acts on the current database).
--
-- Docker Compose: the postgres image runs it from /docker-entrypoint-initdb.d on the first start (empty data
-- volume) as POSTGRES_USER in POSTGRES_DB; the values come from the container's environment (APP_DB_PASSWORD…).
-- Again later: docker compose exec postgres psql -U postgres -d pet_products_pos -f /docker-entrypoint-initdb.d/init-db.sql
--
-- A host: create the database, then run this file with the values as psql variables (or the same
-- environment variables; -v wins):
--   sudo -u postgres createdb pet_products_pos
--   sudo -u postgres psql -d pet_products_pos -v app_password="$APP_DB_PASSWORD" \
--        -v monitor_password="$MONITOR_DB_PASSWORD" -f init-db.sql
--
-- Variables (psql -v name=value, or the environment variable in brackets):
--   app_user (APP_DB_USER, default pos_app)          the role the app signs in as and migrates with
--   app_password (APP_DB_PASSWORD, required)
--   app_connection_limit (APP_DB_CONNECTION_LIMIT, default 40)
--   monitor_user (MONITOR_DB_USER, default monitor)  read-only statistics for postgres_exporter
--   monitor_password (MONITOR_DB_PASSWORD, required)
--   monitor_connection_limit (MONITOR_DB_CONNECTION_LIMIT, default 3)
-- The passwords reach the server as ALTER ROLE text: keep log_statement below 'ddl' while this runs.

\set ON_ERROR_STOP on
\set QUIET on
SET client_min_messages TO warning;

-- Values: a -v value wins, then the environment (\getenv leaves the variable unset when the env var is not set),
-- then the default.
\if :{?app_user} \else \getenv app_user APP_DB_USER \endif
\if :{?app_password} \else \getenv app_password APP_DB_PASSWORD \endif
\if :{?app_connection_limit} \else \getenv app_connection_limit APP_DB_CONNECTION_LIMIT \endif
\if :{?monitor_user} \else \getenv monitor_user MONITOR_DB_USER \endif
\if :{?monitor_password} \else \getenv monitor_password MONITOR_DB_PASSWORD \endif
\if :{?monitor_connection_limit} \else \getenv monitor_connection_limit MONITOR_DB_CONNECTION_LIMIT \endif
\if :{?app_user} \else \set app_user pos_app \endif
\if :{?app_connection_limit} \else \set app_connection_limit 40 \endif
\if :{?monitor_user} \else \set monitor_user monitor \endif
\if :{?monitor_connection_limit} \else \set monitor_connection_limit 3 \endif
\if :{?app_password} \else \set app_password '' \endif
\if :{?monitor_password} \else \set monitor_password '' \endif

-- Refuse empty passwords and limits that are not whole numbers, naming the variable.
SELECT :'app_password' = '' AS missing_app_password,
       :'monitor_password' = '' AS missing_monitor_password,
       :'app_connection_limit' !~ '^[0-9]+$' OR :'monitor_connection_limit' !~ '^[0-9]+$' AS bad_limit \gset
\if :missing_app_password
  DO $$ BEGIN RAISE EXCEPTION 'init-db.sql: set app_password (psql -v app_password=...) or APP_DB_PASSWORD'; END $$;
\endif
\if :missing_monitor_password
  DO $$ BEGIN RAISE EXCEPTION 'init-db.sql: set monitor_password (psql -v monitor_password=...) or MONITOR_DB_PASSWORD'; END $$;
\endif
\if :bad_limit
  DO $$ BEGIN RAISE EXCEPTION 'init-db.sql: app_connection_limit and monitor_connection_limit must be whole numbers'; END $$;
\endif

-- Roles. In Compose the image already created POSTGRES_USER (a superuser that owns the database); the app
-- gets a role of its own, without superuser rights, because connection limits do not apply to superusers.
SELECT format('CREATE ROLE %I LOGIN', :'app_user')
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'app_user') \gexec
SELECT format('CREATE ROLE %I LOGIN', :'monitor_user')
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'monitor_user') \gexec

-- Connection limits, computed from PostgreSQL's defaults (max_connections = 100, superuser_reserved_connections
-- = 3, so 97 for ordinary roles):
--   app role 40. Every app process sizes its pool at start (server/db/pool-size.ts) as
--     min(DB_MAX_CONNECTIONS, floor((40 - DB_RESERVED_CONNECTIONS) / processes) - listener), where processes
--     is 1 in Compose and PM2's worker count + 1 (the rolling reload) on a host, and listener is the one
--     LISTEN connection each process keeps to hear the others. With the defaults (10 and 2):
--     Compose 1 process -> 10; PM2 2 workers -> floor(38 / 3) - 1 = 11 -> 10; 4 workers -> floor(38 / 5) - 1 = 6;
--     8 workers -> 3; from 12 workers fewer than 2 are left and the app refuses to start, saying so.
--     The 2 reserved connections are for the `migrate` one-shot, backups (pg_dump) and CLI tools.
--   monitor role 3: postgres_exporter holds 1, plus room for an operator's psql session.
--   That leaves 97 - 40 - 3 = 54 for superuser maintenance, replication and a second deployment during a
--   blue/green switch. Raising the app's limit means checking max_connections (restart needed) first.
ALTER ROLE :"app_user" WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE
  PASSWORD :'app_password' CONNECTION LIMIT :app_connection_limit;
ALTER ROLE :"monitor_user" WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE
  PASSWORD :'monitor_password' CONNECTION LIMIT :monitor_connection_limit;

-- Extensions the migrations use: pg_trgm (typo-tolerant search). Created here by the superuser so the
-- migration's CREATE EXTENSION IF NOT EXISTS finds it. Ids use gen_random_uuid(), built in since
-- PostgreSQL 13: neither uuid-ossp nor pgcrypto is needed.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- Only the two roles may connect (PUBLIC may by default). The app also needs CREATE on the database: the
-- migrator keeps its journal in a schema of its own (drizzle).
REVOKE ALL ON DATABASE :"DBNAME" FROM PUBLIC;
GRANT CONNECT, TEMPORARY, CREATE ON DATABASE :"DBNAME" TO :"app_user";
GRANT CONNECT ON DATABASE :"DBNAME" TO :"monitor_user";

-- The app migrates, so it creates (and owns) its tables in public; PostgreSQL 15 no longer lets every role
-- create there.
GRANT USAGE, CREATE ON SCHEMA public TO :"app_user";
GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA public TO :"app_user";
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO :"app_user";
-- Tables the administrator creates later (a restore run as postgres, a hand-made fix) are usable by the app
-- too. Tables the app creates are its own already.
ALTER DEFAULT PRIVILEGES IN SCHEMA public
  GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON TABLES TO :"app_user";
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO :"app_user";

-- Monitoring: pg_monitor reads every statistics view (pg_stat_activity with query texts, pg_stat_database…)
-- and nothing else: no SELECT on the app's tables, so it never sees customers or sales.
GRANT pg_monitor TO :"monitor_user";

\echo 'init-db.sql: roles' :"app_user" 'and' :"monitor_user" 'ready in database' :"DBNAME"
