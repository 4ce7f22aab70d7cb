// A few file operations at once. A folder's renames, links and flushes each wait for a thread of libuv's
// pool; run one after another they leave the process idle, most of all on a busy machine. Overlapped with
// each other (and with the database work of the next file) those waits are paid once per batch.

export interface InFlight {
  /** Starts `task`, first waiting while `limit` tasks are running; throws an earlier task's error. */
  run(task: () => Promise<void>): Promise<void>;
  /** Waits for every started task; throws the first error any of them threw. */
  drain(): Promise<void>;
}

export function inFlight(limit: number): InFlight {
  const running = new Set<Promise<void>>();
  let failure: { error: unknown } | undefined;
  const check = () => {
    if (failure) throw failure.error;
  };
  return {
    async run(task) {
      check();
      while (running.size >= Math.max(1, limit)) await Promise.race(running);
      check();
      const promise: Promise<void> = task()
        .catch((error) => {
          failure ??= { error };
        })
        .finally(() => running.delete(promise));
      running.add(promise);
    },
    async drain() {
      await Promise.all(running);
      check();
    },
  };
}
