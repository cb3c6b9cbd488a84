import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAtColumn, idColumn, updatedAtColumn } from './columns';
import { stores } from './stores';

export const users = pgTable(
  'users',
  {
    id: idColumn(),
    username: text('username').notNull(),
    name: text('name').notNull(),
    /** Where store reports (the daily low-stock email) go; optional. */
    email: text('email'),
    role: text('role', { enum: ['admin', 'manager', 'cashier'] }).notNull(),
    passwordHash: text('password_hash').notNull(),
    pinHash: text('pin_hash'),
    active: boolean('active').notNull().default(true),
    failedLoginCount: integer('failed_login_count').notNull().default(0),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    /** Sessions and tokens issued before this instant are no longer valid (password change, deactivation). */
    credentialsChangedAt: timestamp('credentials_changed_at', { withTimezone: true }).notNull().defaultNow(),
    lastLoginAt: timestamp('last_login_at', { withTimezone: true }),
    /** When an admin last re-enabled the account: the 90-day inactivity clock restarts there. */
    reactivatedAt: timestamp('reactivated_at', { withTimezone: true }),
    /** The TOTP secret, AES-256-GCM encrypted (server/modules/auth/mfa-secrets.ts); set once enrolment is confirmed. */
    mfaSecret: text('mfa_secret'),
    /** A secret shown for enrolment but not yet confirmed with a code. */
    mfaPendingSecret: text('mfa_pending_secret'),
    mfaEnabledAt: timestamp('mfa_enabled_at', { withTimezone: true }),
    /** The last TOTP time step accepted: a code is never accepted twice (replay). */
    mfaLastStep: integer('mfa_last_step'),
    createdAt: createdAtColumn(),
    updatedAt: updatedAtColumn(),
  },
  (t) => [
    // Usernames are compared case-insensitively: "Cashier1" and "cashier1" are one account.
    uniqueIndex('users_username_lower_key').on(sql`lower(${t.username})`),
    check('users_role_valid', sql`${t.role} in ('admin', 'manager', 'cashier')`),
    check('users_failed_login_count_nonneg', sql`${t.failedLoginCount} >= 0`),
  ],
);

export const userStores = pgTable(
  'user_stores',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    storeId: uuid('store_id')
      .notNull()
      .references(() => stores.id, { onDelete: 'restrict' }),
  },
  (t) => [primaryKey({ columns: [t.userId, t.storeId] }), index('user_stores_store_idx').on(t.storeId)],
);

/** express-session rows for the embedded default (no REDIS_URL). */
export const sessions = pgTable(
  'sessions',
  {
    sid: text('sid').primaryKey(),
    sess: jsonb('sess').notNull(),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'cascade' }),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('sessions_expires_at_idx').on(t.expiresAt), index('sessions_user_idx').on(t.userId)],
);

/** Bearer tokens revoked before they expire (logout with a token). Checked on every bearer request. */
export const revokedTokens = pgTable(
  'revoked_tokens',
  {
    jti: uuid('jti').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('revoked_tokens_expires_at_idx').on(t.expiresAt)],
);

/** One-time recovery codes for a lost authenticator: only a salted SHA-256 of each is kept. */
export const userRecoveryCodes = pgTable(
  'user_recovery_codes',
  {
    id: idColumn(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    codeHash: text('code_hash').notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: createdAtColumn(),
  },
  (t) => [uniqueIndex('user_recovery_codes_user_hash_key').on(t.userId, t.codeHash)],
);

/** bcrypt hashes of a user's earlier passwords, so a new password cannot repeat a recent one. */
export const userPasswordHistory = pgTable(
  'user_password_history',
  {
    id: idColumn(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    passwordHash: text('password_hash').notNull(),
    createdAt: createdAtColumn(),
  },
  (t) => [index('user_password_history_user_idx').on(t.userId, t.createdAt)],
);
