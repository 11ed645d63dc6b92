// `npm run worker`: a process that only runs enrichment jobs. With REDIS_URL it takes BullMQ
// messages (run as many of these as you like); without, it polls the database like the app
// server's in-process runner. Stops cleanly on SIGTERM/SIGINT, handing its claims back.
import { startWorkerProcess } from "./runtime.server";

const log = (line: string) => process.stderr.write(`${line}\n`);

const worker = await startWorkerProcess(log);
log(`[worker] ${worker.describe} started (pid ${process.pid})`);
// The runner's timers do not hold a process open (in the app server the HTTP server does); here
// nothing else would, and an idle worker must keep waiting for work.
const keepAlive = setInterval(() => {}, 60_000);

let stopping = false;
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    log(`[worker] ${signal}: stopping…`);
    clearInterval(keepAlive);
    worker.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
