/**
 * One deadline per outbound call (connect, redirects, headers and the whole body), merged with
 * the caller's AbortSignal, remembering which of the two fired.
 */

/** The abort state of one call; `clear()` must run when the call is over (idempotent). */
export interface Deadline {
  readonly signal: AbortSignal;
  timedOut(): boolean;
  abortedByCaller(): boolean;
  callerReason(): unknown;
  clear(): void;
}

/**
 * Starts the clock. The timer is unref'd: open sockets keep the process alive while needed.
 *
 * @example const deadline = startDeadline(20_000, opts.signal); … deadline.clear();
 */
export function startDeadline(timeoutMs: number, caller?: AbortSignal): Deadline {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new Error(`deadline of ${timeoutMs} ms passed`));
  }, timeoutMs);
  timer.unref();
  const onCallerAbort = () => controller.abort(caller?.reason);
  if (caller?.aborted) onCallerAbort();
  else caller?.addEventListener('abort', onCallerAbort, { once: true });
  return {
    signal: controller.signal,
    timedOut: () => timedOut,
    abortedByCaller: () => !timedOut && caller?.aborted === true,
    callerReason: () => caller?.reason,
    clear: () => {
      clearTimeout(timer);
      caller?.removeEventListener('abort', onCallerAbort);
    },
  };
}
