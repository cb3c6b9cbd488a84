// Every table, for Drizzle's typed client and for drizzle-kit. One file per area.
export * from './stores';
export * from './users';
export * from './audit';
export * from './catalog';
export * from './inventory';
export * from './transfers';
export * from './purchasing';
export * from './shifts';
export * from './customers';
export * from './loyalty';
export * from './sales';
export * from './sales-rollups';
