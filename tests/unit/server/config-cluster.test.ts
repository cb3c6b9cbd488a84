import { describe, expect, it } from 'vitest';
import { loadConfig, pm2InstanceCount } from '../../../server/config';

describe('PM2 cluster settings', () => {
  it('are read from what PM2 sets in each worker (exec_mode, instances, name), and only in cluster mode', () => {
    const url = 'postgres://u:p@h:5432/d';
    expect(loadConfig({ DATABASE_URL: url }).cluster).toBeNull();
    expect(loadConfig({ DATABASE_URL: url, exec_mode: 'fork_mode', instances: '1' }).cluster).toBeNull();
    expect(
      loadConfig({ DATABASE_URL: url, exec_mode: 'cluster_mode', instances: '3', name: 'pos' }).cluster,
    ).toEqual({ appName: 'pos', instances: 3 });
  });

  it("count instances as PM2 does: n, 0 or 'max' for one per CPU, -n for all CPUs but n", () => {
    expect(pm2InstanceCount('2', 8)).toBe(2);
    expect(pm2InstanceCount('max', 8)).toBe(8);
    expect(pm2InstanceCount('0', 8)).toBe(8);
    expect(pm2InstanceCount(undefined, 8)).toBe(8);
    expect(pm2InstanceCount('-1', 8)).toBe(7);
    expect(pm2InstanceCount('-4', 2)).toBe(1);
    expect(pm2InstanceCount('lots', 8)).toBe(1);
  });
});
