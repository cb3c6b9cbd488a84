import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../server/config';
import { type ConnectionLimits, PoolSizeError, planPoolSize } from '../../../server/db/pool-size';

const limits = (over: Partial<ConnectionLimits> = {}): ConnectionLimits => ({
  role: 'pos_app',
  roleLimit: null,
  database: 'pos',
  databaseLimit: null,
  serverLimit: 97,
  ...over,
});

describe('planPoolSize', () => {
  it('one process under a generous server limit keeps DB_MAX_CONNECTIONS', () => {
    const plan = planPoolSize({
      limits: limits(),
      maxPerProcess: 10,
      reserved: 2,
      processes: 1,
      isPm2Cluster: false,
    });
    expect(plan).toMatchObject({ poolSize: 10, allowed: 97, sharedBy: 1 });
  });

  it('role limit 20, 2 processes, 2 reserved → floor(18 / 2) − 1 listener = 8 each', () => {
    const plan = planPoolSize({
      limits: limits({ roleLimit: 20 }),
      maxPerProcess: 20,
      reserved: 2,
      processes: 2,
      isPm2Cluster: false,
    });
    expect(plan).toMatchObject({ poolSize: 8, allowed: 20, allowedBy: 'role pos_app (CONNECTION LIMIT)' });
  });

  it("a PM2 cluster counts one more worker for the rolling reload and each worker's listener: limit 40, 4 workers → floor(38 / 5) − 1 = 6", () => {
    const plan = planPoolSize({
      limits: limits({ roleLimit: 40 }),
      maxPerProcess: 10,
      reserved: 2,
      processes: 4,
      isPm2Cluster: true,
    });
    expect(plan).toMatchObject({ poolSize: 6, sharedBy: 5 });
  });

  it('the smallest of role, database and server limits wins', () => {
    const plan = planPoolSize({
      limits: limits({ roleLimit: 50, databaseLimit: 12, serverLimit: 30 }),
      maxPerProcess: 10,
      reserved: 2,
      processes: 2,
      isPm2Cluster: false,
    });
    expect(plan).toMatchObject({ poolSize: 4, allowed: 12, allowedBy: 'database pos (CONNECTION LIMIT)' });
  });

  it('limit 5 with 4 PM2 workers refuses, naming the numbers and the variables to change', () => {
    const plan = () =>
      planPoolSize({
        limits: limits({ roleLimit: 5 }),
        maxPerProcess: 10,
        reserved: 2,
        processes: 4,
        isPm2Cluster: true,
      });
    expect(plan).toThrow(PoolSizeError);
    expect(plan).toThrow(
      'PostgreSQL allows 5 for role pos_app (CONNECTION LIMIT); DB_RESERVED_CONNECTIONS=2 are kept back, so 3 are shared by 4 PM2 workers + 1 during a rolling reload, each also holding 1 outside its pool to hear the others: 0 each for its pool, and each process needs at least 2.',
    );
  });

  it('exactly 2 per process (after its listener) is enough; fewer is refused', () => {
    const input = { maxPerProcess: 10, reserved: 2, processes: 3, isPm2Cluster: false };
    expect(planPoolSize({ ...input, limits: limits({ roleLimit: 11 }) }).poolSize).toBe(2);
    expect(() => planPoolSize({ ...input, limits: limits({ roleLimit: 10 }) })).toThrow(PoolSizeError);
  });
});

describe('loadConfig dbPool', () => {
  it('outside PM2 the process is alone, whatever `instances` says', () => {
    expect(loadConfig({ instances: '8' }).dbPool).toEqual({
      reservedConnections: 2,
      processes: 1,
      isPm2Cluster: false,
    });
  });

  it("under PM2 it reads the instance count PM2 sets (already resolved from 'max')", () => {
    const config = loadConfig({
      pm_id: '3',
      instances: '4',
      exec_mode: 'cluster_mode',
      DATABASE_URL: 'postgres://u:p@h:5432/d',
      DB_RESERVED_CONNECTIONS: '5',
    });
    expect(config.dbPool).toEqual({ reservedConnections: 5, processes: 4, isPm2Cluster: true });
  });
});
