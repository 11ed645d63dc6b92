// How a change that makes a job runnable (created, started, resumed, published, revert asked)
// reaches whatever runs jobs in this process: the in-process runner wakes up, the queue producer
// enqueues. Without a registered runner nothing happens at once; the next sweep finds the job
// (its state is in the database either way).

type Notifier = (jobId: string) => void | Promise<void>;

const notifiers = new Set<Notifier>();

/** Registers a listener; returns the function that removes it. */
export function onJobRunnable(notifier: Notifier): () => void {
  notifiers.add(notifier);
  return () => notifiers.delete(notifier);
}

export async function notifyJobRunnable(jobId: string): Promise<void> {
  for (const notify of notifiers) {
    try {
      await notify(jobId);
    } catch (error) {
      // A lost wake-up only delays the job until the next sweep; never fail the merchant's action.
      console.warn(`[jobs] could not signal job ${jobId}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
