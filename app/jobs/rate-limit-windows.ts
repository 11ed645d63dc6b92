// A lane's request and token budgets, counted in fixed windows with rate-limiter-flexible:
// RateLimiterMemory in one process, RateLimiterRedis when every worker process shares them.
//
// - Windows are aligned to the clock (window n = [n·w, (n+1)·w)), so every process agrees
//   which window it is in without talking to the others; keys carry the window number.
// - A window's budget is the running total's floor difference, floor((n+1)·x) − floor(n·x)
//   with x = limit × share × w / 1 min, so the long-run rate is exactly `share` of the limit
//   even when x is not a whole number (3 RPM: one request every other 10 s window).
// - Windows are short (2 s): any 60 seconds overlap at most 31 of them, so at 95% of the limit
//   per window no minute — sliding or aligned — carries more than 98% of the limit, and the
//   provider's continuously refilled bucket never runs dry.
// - A call whose tokens do not fit what is left of a window still starts while the window has
//   room, and its excess is charged to the next window: nothing is lost to packing, and a call
//   larger than a whole window's budget still runs.
import { RateLimiterRes, type RateLimiterMemory, type RateLimiterRedis } from "rate-limiter-flexible";
import type { LaneLimits } from "./rate-limit-learning";

export type WindowLimiter = RateLimiterMemory | RateLimiterRedis;

/** What a started call holds: its window and what was counted in it. */
export interface Reservation {
  window: number;
  requests: number;
  tokens: number;
  /** The lane had a token budget: the call's real usage is counted even if nothing was reserved. */
  countsTokens: boolean;
}

export type ReserveOutcome = { reservation: Reservation } | { waitMs: number };

const MINUTE_MS = 60_000;

/** The budget of window `n` for `perWindow` units per window on average. */
export function windowBudget(n: number, perWindow: number): number {
  return Math.floor((n + 1) * perWindow) - Math.floor(n * perWindow);
}

/** Sets the points a limiter compares against (and its in-memory stand-in's, used when Redis is down). */
function setPoints(limiter: WindowLimiter, points: number): void {
  limiter.points = points;
  const insurance = (limiter as { insuranceLimiter?: { points: number } }).insuranceLimiter;
  if (insurance) insurance.points = points;
}

/** Adds `points` and returns the window's new total; a refusal is an answer, not a failure. */
async function consume(limiter: WindowLimiter, key: string, points: number, seconds: number): Promise<number> {
  try {
    return (await limiter.consume(key, points, { customDuration: seconds })).consumedPoints;
  } catch (error) {
    if (error instanceof RateLimiterRes) return error.consumedPoints;
    throw error;
  }
}

export class LaneBudget {
  /** Keys outlive their window (two windows), so a late correction still finds its counter. */
  private readonly keySeconds: number;

  constructor(
    private readonly laneKey: string,
    private readonly requestCounter: WindowLimiter,
    private readonly tokenCounter: WindowLimiter,
    readonly windowMs: number,
  ) {
    this.keySeconds = Math.max(1, Math.ceil((2 * windowMs) / 1000));
  }

  private key(kind: "r" | "t", window: number): string {
    return `${this.laneKey}:${kind}:${window}`;
  }

  private perWindow(limit: number, share: number): number {
    return (limit * share * this.windowMs) / MINUTE_MS;
  }

  /**
   * Counts one request of `tokens` in the current window if the window has room for it, or
   * says how long until the next window.
   */
  async tryReserve(tokens: number, limits: LaneLimits, share: number, now = Date.now()): Promise<ReserveOutcome> {
    const window = Math.floor(now / this.windowMs);
    const waitMs = (window + 1) * this.windowMs - now;
    const reservation: Reservation = { window, requests: 0, tokens: 0, countsTokens: Number.isFinite(limits.tpm) };

    if (Number.isFinite(limits.rpm)) {
      const budget = windowBudget(window, this.perWindow(limits.rpm, share));
      if (budget < 1) return { waitMs };
      setPoints(this.requestCounter, budget);
      const key = this.key("r", window);
      const total = await consume(this.requestCounter, key, 1, this.keySeconds);
      if (total > budget) {
        await this.requestCounter.reward(key, 1, { customDuration: this.keySeconds });
        return { waitMs };
      }
      reservation.requests = 1;
    }

    if (Number.isFinite(limits.tpm) && tokens > 0) {
      const budget = windowBudget(window, this.perWindow(limits.tpm, share));
      setPoints(this.tokenCounter, Math.max(1, budget));
      const key = this.key("t", window);
      let total: number;
      try {
        total = await consume(this.tokenCounter, key, tokens, this.keySeconds);
      } catch (error) {
        await this.refund(reservation, now);
        throw error;
      }
      reservation.tokens = tokens;
      if (total > budget) {
        if (total - tokens >= budget) {
          await this.refund(reservation, now);
          return { waitMs };
        }
        // Started with room left: the excess is the next windows' debt.
        await this.carry(this.tokenCounter, "t", window, total - budget, this.perWindow(limits.tpm, share));
      }
    }
    return { reservation };
  }

  /**
   * Replaces the reservation's estimate with what the call really used. An overrun is charged
   * to the current window, and what no longer fits it to the next (like a call's excess at
   * admission); unused budget is given back only while its window lasts — a past window's
   * budget cannot be spent any more.
   */
  async settle(
    reservation: Reservation,
    actual: { tokens?: number; requests?: number },
    limits: LaneLimits,
    share: number,
    now = Date.now(),
  ): Promise<void> {
    const window = Math.floor(now / this.windowMs);
    const options = { customDuration: this.keySeconds };
    const adjust = async (counter: WindowLimiter, kind: "r" | "t", delta: number, limit: number) => {
      if (delta < 0 && window === reservation.window) await counter.reward(this.key(kind, window), -delta, options);
      if (delta <= 0) return;
      const total = (await counter.penalty(this.key(kind, window), delta, options)).consumedPoints;
      const perWindow = this.perWindow(limit, share);
      const excess = Math.min(delta, total - windowBudget(window, perWindow));
      if (excess > 0) await this.carry(counter, kind, window, excess, perWindow);
    };
    if (actual.tokens !== undefined && reservation.countsTokens) {
      await adjust(this.tokenCounter, "t", Math.round(actual.tokens) - reservation.tokens, limits.tpm);
    }
    if (actual.requests !== undefined && reservation.requests > 0) {
      await adjust(this.requestCounter, "r", actual.requests - reservation.requests, limits.rpm);
    }
  }

  /**
   * Charges `excess` to the windows after `window`, up to a window's budget each, so a debt
   * larger than one window (a very large call, or a burst of underestimated ones) is paid in
   * full — within a minute of windows; whatever is left lands on the last of them.
   */
  private async carry(counter: WindowLimiter, kind: "r" | "t", window: number, excess: number, perWindow: number): Promise<void> {
    const windowSeconds = Math.ceil(this.windowMs / 1000);
    const lastAhead = Math.max(1, Math.ceil(MINUTE_MS / this.windowMs));
    let left = Math.round(excess);
    for (let ahead = 1; left > 0 && ahead <= lastAhead; ahead++) {
      const put = ahead === lastAhead ? left : Math.min(left, Math.max(1, windowBudget(window + ahead, perWindow)));
      // A counter created ahead of its window must live until that window is over.
      await counter.penalty(this.key(kind, window + ahead), put, { customDuration: (ahead + 2) * windowSeconds });
      left -= put;
    }
  }

  /** Gives a reservation back (its call never started), while its window lasts. */
  async refund(reservation: Reservation, now = Date.now()): Promise<void> {
    if (Math.floor(now / this.windowMs) !== reservation.window) return;
    const options = { customDuration: this.keySeconds };
    if (reservation.requests > 0) await this.requestCounter.reward(this.key("r", reservation.window), reservation.requests, options);
    if (reservation.tokens > 0) await this.tokenCounter.reward(this.key("t", reservation.window), reservation.tokens, options);
    reservation.requests = 0;
    reservation.tokens = 0;
  }
}
