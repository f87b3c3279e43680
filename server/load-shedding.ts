import type { NextFunction, Request, Response } from "express";

/**
 * A concurrency limit per app instance. At most `maxConcurrent` requests are handled at once; the
 * next ones wait in line for up to `queueMs` (at most `maxQueued` of them). A request that cannot
 * get a turn in time is answered at once with 503, `Retry-After` and a calm page, instead of
 * hanging until a browser or proxy gives up. Nothing of a shed request has been handled, so a
 * draft keeps every step saved before it, and the person can send the same page again.
 */
export type LoadShedderOptions = {
  maxConcurrent: number;
  queueMs: number;
  maxQueued: number;
  /** Answers a request that was not let in ("queue-full" or "queue-timeout"). */
  shed(req: Request, res: Response, reason: "queue-full" | "queue-timeout"): void;
  /** Told every change of the numbers (for /metrics). */
  onChange?(running: number, waiting: number): void;
};

type Waiter = { res: Response; admit(): void; timer: NodeJS.Timeout | undefined };

export function createLoadShedder(options: LoadShedderOptions) {
  let running = 0;
  const queue: Waiter[] = [];
  const changed = () => options.onChange?.(running, queue.length);

  const release = () => {
    running--;
    // Hand the slot to the longest-waiting request whose client is still there.
    while (queue.length > 0) {
      const waiter = queue.shift() as Waiter;
      clearTimeout(waiter.timer);
      if (waiter.res.destroyed || waiter.res.writableEnded) continue;
      waiter.admit();
      return;
    }
    changed();
  };

  const enter = (res: Response, next: NextFunction) => {
    running++;
    changed();
    let released = false;
    res.once("close", () => {
      if (released) return;
      released = true;
      release();
    });
    next();
  };

  const middleware = (req: Request, res: Response, next: NextFunction) => {
    if (running < options.maxConcurrent) {
      enter(res, next);
      return;
    }
    if (queue.length >= options.maxQueued || options.queueMs === 0) {
      options.shed(req, res, "queue-full");
      return;
    }
    const waiter: Waiter = {
      res,
      admit: () => enter(res, next),
      timer: undefined,
    };
    waiter.timer = setTimeout(() => {
      const index = queue.indexOf(waiter);
      if (index < 0) return;
      queue.splice(index, 1);
      changed();
      if (!res.destroyed) options.shed(req, res, "queue-timeout");
    }, options.queueMs);
    queue.push(waiter);
    changed();
  };
  return Object.assign(middleware, {
    stats: () => ({ running, waiting: queue.length }),
  });
}
