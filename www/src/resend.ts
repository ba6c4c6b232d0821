// "Send a new code": disabled with its countdown until the server's cool-down ends (the flow's
// `resendAvailableAt`, from `resendAfterSeconds`), in the server's time.

interface ResendState {
  canResend: boolean;
  resendAvailableAt?: number;
  pending?: unknown;
}

/** Keeps `button` disabled, with the seconds left in its label, until `canResend`. */
export function resendCountdown(button: HTMLButtonElement, now: () => number): { update: (s: ResendState) => void; stop: () => void } {
  let last: ResendState = { canResend: false };
  const paint = (): void => {
    const left = last.resendAvailableAt === undefined ? 0 : Math.max(0, Math.ceil(last.resendAvailableAt - now()));
    button.disabled = !last.canResend || last.pending !== undefined;
    button.textContent = last.canResend || left === 0 ? "Send a new code" : `Send a new code (in ${left} s)`;
  };
  const timer = setInterval(paint, 1000);
  return {
    update: (s) => {
      last = s;
      paint();
    },
    stop: () => clearInterval(timer),
  };
}
