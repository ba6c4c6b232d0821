// Sign-in with ChallengeFlow: one component per state, the flow's state from useSyncExternalStore.
import { ChallengeFlow, type ChallengeState, type MfaClient, type MfaMethod, type UserInfo } from "mfa-wasm";
import { useEffect, useState, type FormEvent } from "react";
import { describe } from "./App";
import { useFlow } from "./use-flow";

interface Props {
  client: MfaClient;
  onSignedIn: (user: UserInfo, note?: string) => void;
  onEnrol: (methods?: readonly MfaMethod[]) => void;
}

export function SignIn({ client, onSignedIn, onEnrol }: Props) {
  const [flow, state] = useFlow<ChallengeState, ChallengeFlow>(() => {
    const created = new ChallengeFlow(client);
    // After a reload between the password and the code, the session continues.
    void created.resume();
    return created;
  });
  useEffect(() => {
    if (state?.state === "signed_in") {
      const note = state.method === "recovery_code" ? `Signed in with a recovery code: ${state.recoveryCodesRemaining} left.` : undefined;
      onSignedIn(state.user, note);
    }
    if (state?.state === "enrollment_required") onEnrol(state.methods);
  }, [state, onSignedIn, onEnrol]);
  if (!flow || !state) return <p aria-busy="true">Loading…</p>;
  const busy = state.pending !== undefined;
  const error = state.error && <p role="alert" id="error">{describe(state.error)}</p>;
  switch (state.state) {
    case "entering_password":
      return <Password busy={busy} error={error} onSubmit={(email, password) => void flow.signIn(email, password)} />;
    case "choosing_method":
      return (
        <section>
          <h1>Confirm it is you</h1>
          {error}
          {state.methods.map((m) => (
            <button key={m} type="button" disabled={busy} onClick={() => void flow.chooseMethod(m)}>
              {m === "sms" ? "Text me a code" : "Use my authenticator app"}
            </button>
          ))}
          <button type="button" onClick={() => flow.useRecoveryCode()}>Use a recovery code</button>
        </section>
      );
    case "entering_code":
      return (
        <section>
          <h1>Enter your code</h1>
          {state.phoneHint && <p>We sent a code to {state.phoneHint}.</p>}
          {error}
          {state.lastAttempt && <p role="status">One more wrong code locks your account for a while.</p>}
          <CodeForm id="code" label={`${state.digits}-digit code`} busy={busy} onSubmit={(code) => void flow.submitCode(code)} />
          {state.method === "sms" && (
            <button type="button" disabled={!state.canResend || busy} onClick={() => void flow.resend()}>
              Send a new code
            </button>
          )}
          <button type="button" onClick={() => flow.useAnotherMethod()}>Use another method</button>
          <button type="button" onClick={() => flow.useRecoveryCode()}>Use a recovery code</button>
        </section>
      );
    case "entering_recovery_code":
      return (
        <section>
          <h1>Use a recovery code</h1>
          {error}
          <CodeForm id="recovery-code" label="Recovery code" busy={busy} onSubmit={(code) => void flow.submitRecoveryCode(code)} />
          <button type="button" onClick={() => flow.useAnotherMethod()}>Use another method</button>
        </section>
      );
    case "expired":
      return (
        <section>
          <h1>The code expired</h1>
          <button type="button" disabled={busy} onClick={() => void flow.restart()}>Send a new code</button>
        </section>
      );
    case "locked_out":
      return (
        <section>
          <h1>Too many attempts</h1>
          <p>Your account is locked{state.until ? ` until ${new Date(state.until).toLocaleTimeString()}` : " for a while"}.</p>
          <button type="button" disabled={!state.canRetry} onClick={() => flow.useAnotherMethod()}>Try again</button>
        </section>
      );
    case "sso_required":
      return (
        <section>
          <h1>Sign in with your organisation</h1>
          <p id="sso">{state.organization} signs you in through its identity provider, which handles two-factor authentication.</p>
        </section>
      );
    case "signed_in":
    case "enrollment_required":
      return <p aria-busy="true">Just a moment…</p>;
  }
}

function Password({ busy, error, onSubmit }: { busy: boolean; error: React.ReactNode; onSubmit: (email: string, password: string) => void }) {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit(email, password);
  };
  return (
    <form onSubmit={submit}>
      <h1>Sign in</h1>
      {error}
      <label htmlFor="email">Email</label>
      <input id="email" type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} />
      <label htmlFor="password">Password</label>
      <input id="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
      <button id="sign-in" type="submit" disabled={busy}>Sign in</button>
    </form>
  );
}

/** A code field: the flow checks and normalises what is typed ("123 456" is fine). */
export function CodeForm({ id, label, busy, onSubmit }: { id: string; label: string; busy: boolean; onSubmit: (code: string) => void }) {
  const [code, setCode] = useState("");
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit(code);
  };
  return (
    <form onSubmit={submit}>
      <label htmlFor={id}>{label}</label>
      <input id={id} autoComplete="one-time-code" inputMode={id === "recovery-code" ? "text" : "numeric"} value={code} onChange={(e) => setCode(e.target.value)} />
      <button id={`${id}-submit`} type="submit" disabled={busy}>Continue</button>
    </form>
  );
}
