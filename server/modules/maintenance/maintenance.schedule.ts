import { type MaintenanceDeps, runMaintenance } from './maintenance.service';

/** The first run waits this long after the app starts listening, so a start (or a crash loop) stays light. */
export const FIRST_RUN_DELAY_MS = 60_000;

export type MaintenanceSchedule = {
  /** Cancels the next run and stops one under way after its current batch; resolves when it has ended. */
  stop(): Promise<void>;
};

/**
 * Runs maintenance every `intervalHours` inside the app (MAINTENANCE_INTERVAL_HOURS). Every PM2 worker
 * schedules it; the advisory lock lets one of them work and the others skip. A failed run is logged and
 * the schedule carries on.
 */
export function startMaintenanceSchedule(
  deps: MaintenanceDeps,
  intervalHours: number,
  firstRunDelayMs = FIRST_RUN_DELAY_MS,
): MaintenanceSchedule {
  const log = deps.logger.child({ category: 'jobs' });
  const stopping = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;

  const schedule = (delayMs: number) => {
    timer = setTimeout(() => {
      running = runMaintenance(deps, { signal: stopping.signal })
        .then(
          () => undefined,
          (error: unknown) => {
            log.error('maintenance failed; the next run is still scheduled', { err: error });
          },
        )
        .finally(() => {
          running = undefined;
          if (!stopping.signal.aborted) {
            schedule(intervalHours * 3600_000);
          }
        });
    }, delayMs);
    // A pending run never keeps the process alive on its own.
    timer.unref();
  };
  schedule(firstRunDelayMs);
  log.info(`maintenance scheduled every ${intervalHours} h (MAINTENANCE_INTERVAL_HOURS)`);

  return {
    stop: async () => {
      stopping.abort();
      clearTimeout(timer);
      await running;
    },
  };
}
