// Every table, for Drizzle's typed client and for drizzle-kit. One file per area.
export * from './stores';
export * from './users';
export * from './audit';
