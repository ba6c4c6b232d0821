// What EnrollmentFlow and ChallengeFlow share: the current state as a frozen snapshot a framework
// store can hold (`state`, `subscribe`; the same object until the next transition, as
// `useSyncExternalStore` expects), one pending server call at a time (a second action while one
// is pending is `invalid_state`), and `dispose()` (or the constructor's `signal`), which aborts
// the pending call, stops the timers and drops the listeners.
import { fail, fn, isMfaError, optSignal, type MfaError } from "../errors.js";

/** What every state of a flow has. */
export interface FlowState {
  /** The state's name. */
  readonly state: string;
  /** The server call in flight, named after the action that made it. */
  readonly pending?: string;
  /** What went wrong in the last action; it clears on the next state change. */
  readonly error?: MfaError;
}

/**
 * What every state of a flow may carry: the server call in flight and the last action's error.
 * @example const busy = (s: FlowStatus<string>) => s.pending !== undefined;
 */
export interface FlowStatus<P extends string> {
  /** The server call in flight, named after the action that made it; one at a time. */
  readonly pending?: P;
  /** What went wrong in the last action; it clears on the next state change. */
  readonly error?: MfaError;
}

/**
 * The attempts left on a code, after a wrong one (for a warning before the last attempt).
 * @example if (s.lastAttempt) warn("One more wrong code locks your account for a while.");
 */
export interface CodeAttempts {
  /** Failed attempts left before the account locks, once the server has said. */
  readonly attemptsRemaining?: number;
  /** The next wrong code locks the account: warn before it is typed. */
  readonly lastAttempt: boolean;
}

/** A state without its `pending` and `error`: what an action moves to. */
type Plain<S> = S extends unknown ? Omit<S, "pending" | "error"> : never;

/** `invalid_state`: an action the current state does not allow. */
export const invalidState = (): MfaError => fail("invalid_state", "this action is not possible in the flow's current state");

/** A rejection as an `MfaError`: anything else (a bug in a custom client) is wrapped, with `cause`. */
export function asMfaError(error: unknown): MfaError {
  if (isMfaError(error)) return error;
  return Object.assign(fail("protocol", "the client failed with something other than an MfaError"), { cause: error }) as MfaError;
}

/** The machinery of one flow; the flows hold it privately. */
export class Machine<S extends FlowState> {
  state: S;
  #listeners = new Set<(state: S) => void>();
  #pending: AbortController | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #disposed = false;
  /** The server's Unix time in seconds (the client's `serverTime`). */
  readonly now: () => number;

  /** A later change a state makes by itself at a server time: `[at, update]` (e.g. `canResend`). */
  readonly #deadline: (state: S) => [number, (state: S) => S] | undefined;

  constructor(initial: S, signal: unknown, now: () => number, deadline: (state: S) => [number, (state: S) => S] | undefined = () => undefined) {
    this.state = Object.freeze(initial);
    this.now = now;
    this.#deadline = deadline;
    const s = optSignal(signal);
    if (s?.aborted) this.dispose();
    else s?.addEventListener("abort", () => this.dispose(), { once: true });
  }

  subscribe(listener: unknown): () => void {
    const f = fn<(state: S) => void>(listener, "listener");
    // A fresh wrapper per subscription: the same function subscribed twice is called twice,
    // and each unsubscribe removes its own.
    const entry = (state: S) => f(state);
    if (!this.#disposed) this.#listeners.add(entry);
    return () => {
      this.#listeners.delete(entry);
    };
  }

  /**
   * Moves to `next` (frozen; without `pending` or `error` unless it has them) and tells the
   * listeners. A listener that throws does not stop the others or the flow: its error is
   * reported as `EventTarget` reports a throwing listener.
   */
  set(next: S): void {
    if (this.#disposed) return;
    clearTimeout(this.#timer);
    this.state = Object.freeze(next);
    const deadline = this.#deadline(this.state);
    if (deadline) this.#at(...deadline);
    for (const listener of [...this.#listeners]) {
      try {
        listener(this.state);
      } catch (e) {
        if (typeof reportError === "function") reportError(e);
        else void Promise.reject(e);
      }
    }
  }

  /** The current state if the flow is live, no call is pending and `allowed` has its name. */
  guard<N extends S["state"]>(...allowed: N[]): Extract<S, { state: N }> {
    if (this.#disposed || this.#pending || !allowed.includes(this.state.state as N)) throw invalidState();
    return this.state as Extract<S, { state: N }>;
  }

  /**
   * Aborts the pending call if it is `action`: a person's choice that makes the call moot (a
   * recovery code while the first challenge is being started) wins, and the call's answer is
   * ignored. Other calls (a code being verified) always finish.
   */
  interrupt(action: string): void {
    if (this.#pending !== undefined && this.state.pending === action) {
      this.#pending.abort();
      this.#pending = undefined;
    }
  }

  /** The current state again with `error` (and no `pending`). */
  fail(error: unknown, base: Plain<S> = this.strip()): void {
    this.set({ ...base, error: asMfaError(error) } as unknown as S);
  }

  /** The current state without `pending` and `error`. */
  strip(): Plain<S> {
    const { pending: _p, error: _e, ...rest } = this.state;
    return rest as unknown as Plain<S>;
  }

  /**
   * Runs one server call: the current state shows `pending: action` meanwhile, the call gets the
   * flow's `AbortSignal`, and the answer (or the `MfaError` it failed with) goes to `settle`,
   * unless the flow was disposed meanwhile. Resolves once the next state is set.
   */
  async call<T>(action: string, run: (signal: AbortSignal) => Promise<T> | T, settle: (outcome: { ok: true; value: T } | { ok: false; error: MfaError }) => void | Promise<void>): Promise<void> {
    const controller = new AbortController();
    const plain = this.strip();
    this.#pending = controller;
    this.set({ ...plain, pending: action } as unknown as S);
    let outcome: { ok: true; value: T } | { ok: false; error: MfaError };
    try {
      outcome = { ok: true, value: await run(controller.signal) };
    } catch (e) {
      outcome = { ok: false, error: asMfaError(e) };
    }
    // Only this call's own mark: an interrupted call must not clear the next call's.
    if (this.#pending === controller) this.#pending = undefined;
    if (this.#disposed || controller.signal.aborted) return;
    try {
      // A settle that starts the next call (sign-in, then the second factor's challenge) resolves
      // with it: the action's Promise settles once the flow rests.
      await settle(outcome);
    } catch (e) {
      // An answer the flow cannot use (a custom client's, outside the contract).
      this.fail(e);
    }
  }

  /** Calls `update(state)` once the server's time reaches `at` (Unix seconds), if no transition came first. */
  #at(at: number, update: (state: S) => S): void {
    const state = this.state;
    const wait = Math.max(0, (at - this.now()) * 1000);
    this.#timer = setTimeout(() => {
      if (this.state === state) this.set(update(state));
    }, Math.min(wait, 2 ** 31 - 1));
  }

  /** Aborts the pending call, stops the timer and drops the listeners; idempotent. */
  dispose(): void {
    this.#disposed = true;
    this.#pending?.abort();
    this.#pending = undefined;
    clearTimeout(this.#timer);
    this.#listeners.clear();
  }

  get disposed(): boolean {
    return this.#disposed;
  }
}

/** A field of a client's answer as a string; else the answer is outside the contract. */
export function text(answer: unknown, key: string): string {
  const v = (answer as Record<string, unknown> | null)?.[key];
  if (typeof v !== "string") throw protocol();
  return v;
}

/** A field of a client's answer as a non-negative number; else `protocol`. */
export function count(answer: unknown, key: string): number {
  const v = (answer as Record<string, unknown> | null)?.[key];
  if (typeof v !== "number" || !(v >= 0) || !isFinite(v)) throw protocol();
  return v;
}

/** An answer outside the API contract. */
export const protocol = (): MfaError => fail("protocol", "the server's answer does not match the API contract");

/** The server's time from a client (its `serverTime()`, else this device's clock). */
export function serverClock(client: object): () => number {
  return () => {
    const t = (client as { serverTime?: () => unknown }).serverTime?.();
    return typeof t === "number" && isFinite(t) && t >= 0 ? t : Date.now() / 1000;
  };
}

/** Checks that `client` has every method in `names`. */
export function checkClient(client: unknown, names: readonly string[]): Record<string, (...args: unknown[]) => unknown> {
  const c = client as Record<string, unknown> | null;
  if (typeof c !== "object" || c === null) throw fail("invalid_input", "expected an MfaClient", "client", "invalid_type");
  if (!names.every((n) => typeof c[n] === "function")) throw fail("invalid_input", "the client lacks a method the flow needs", "client", "invalid_type");
  return c as Record<string, (...args: unknown[]) => unknown>;
}

/** The attempts fields of a code-entry state after `error` (kept from `before` otherwise). */
export function attempts(error: MfaError | undefined, before: { attemptsRemaining?: number }): { attemptsRemaining?: number; lastAttempt: boolean } {
  const left = error?.code === "invalid_code" && typeof error.attemptsRemaining === "number" ? error.attemptsRemaining : before.attemptsRemaining;
  return left === undefined ? { lastAttempt: false } : { attemptsRemaining: left, lastAttempt: left === 1 };
}

/** The `locked_out` fields of a `locked_out` error: until when, in RFC 3339 and server time. */
export function lockout(error: MfaError, now: number): { until?: string; retryAt?: number } {
  const e = error as { until?: unknown; retryAfterSeconds?: unknown };
  const until = typeof e.until === "string" ? e.until : undefined;
  const retryAt = typeof e.retryAfterSeconds === "number" ? now + e.retryAfterSeconds : until !== undefined && !isNaN(Date.parse(until)) ? Date.parse(until) / 1000 : undefined;
  return { ...(until === undefined ? {} : { until }), ...(retryAt === undefined ? {} : { retryAt }) };
}
