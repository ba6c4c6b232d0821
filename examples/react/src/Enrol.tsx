// Enrolment with EnrollmentFlow: choose a method, scan the QR code (or type the key), confirm
// with a code, save the recovery codes.
import { EnrollmentFlow, type EnrollmentState, type MfaClient, type MfaMethod } from "mfa-wasm";
import { useState } from "react";
import { describe } from "./App";
import { CodeForm } from "./SignIn";
import { useFlow } from "./use-flow";

interface Props {
  client: MfaClient;
  methods?: readonly MfaMethod[];
  onDone: () => void;
}

export function Enrol({ client, methods, onDone }: Props) {
  const [flow, state] = useFlow<EnrollmentState, EnrollmentFlow>(() => new EnrollmentFlow(client, { methods }));
  const [saved, setSaved] = useState(false);
  if (!flow || !state) return <p aria-busy="true">Loading…</p>;
  const busy = state.pending !== undefined;
  const error = state.error && <p role="alert" id="error">{describe(state.error)}</p>;
  switch (state.state) {
    case "choosing_method":
      return (
        <section>
          <h1>Set up two-factor authentication</h1>
          {error}
          {state.methods.map((m) => (
            <button key={m} id={`choose-${m}`} type="button" disabled={busy} onClick={() => void flow.chooseMethod(m)}>
              {m === "sms" ? "Text message" : "Authenticator app"}
            </button>
          ))}
        </section>
      );
    case "showing_qr":
      return (
        <section>
          <h1>Scan this QR code</h1>
          {/* The package's own SVG (one path, an escaped title): the only markup set as HTML. */}
          <div id="qr" style={{ width: "14rem" }} dangerouslySetInnerHTML={{ __html: state.qrSvg }} />
          <p>Or type this key: <code id="secret">{state.formattedSecret}</code></p>
          {error}
          <CodeForm id="enrol-code" label={`${state.digits}-digit code from the app`} busy={busy} onSubmit={(code) => void flow.submitCode(code)} />
        </section>
      );
    case "entering_phone":
      return <PhoneForm busy={busy} error={error} onSubmit={(number) => void flow.submitPhone(number)} />;
    case "code_sent":
      return (
        <section>
          <h1>Enter the code we texted to {state.phoneHint}</h1>
          {error}
          <CodeForm id="sms-code" label="Code" busy={busy} onSubmit={(code) => void flow.submitCode(code)} />
          <button type="button" disabled={!state.canResend || busy} onClick={() => void flow.resend()}>Send a new code</button>
        </section>
      );
    case "expired":
      return (
        <section>
          <h1>This setup expired</h1>
          <button type="button" onClick={() => void flow.restart()}>Start again</button>
        </section>
      );
    case "locked_out":
      return (
        <section>
          <h1>Too many attempts</h1>
          <button type="button" onClick={() => flow.back()}>Choose another method</button>
        </section>
      );
    case "confirmed":
      return (
        <section>
          <h1>Save your recovery codes</h1>
          <p>Each one signs you in once if you lose your device. They will not be shown again.</p>
          <ol id="recovery-codes">
            {state.recoveryCodes.map((code) => <li key={code}>{code}</li>)}
          </ol>
          <label>
            <input id="saved" type="checkbox" checked={saved} onChange={(e) => setSaved(e.target.checked)} /> I have saved them
          </label>
          <button id="acknowledge" type="button" disabled={!saved} onClick={() => flow.acknowledgeRecoveryCodes()}>Continue</button>
        </section>
      );
    case "done":
    case "skipped":
      return (
        <section>
          <h1>Two-factor authentication is on</h1>
          <button id="done" type="button" onClick={onDone}>Continue</button>
        </section>
      );
  }
}

function PhoneForm({ busy, error, onSubmit }: { busy: boolean; error: React.ReactNode; onSubmit: (number: string) => void }) {
  const [number, setNumber] = useState("");
  return (
    <form onSubmit={(e) => (e.preventDefault(), onSubmit(number))}>
      <h1>Your mobile number</h1>
      {error}
      <label htmlFor="phone">Number with country code (e.g. +1 415 555 0132)</label>
      <input id="phone" type="tel" autoComplete="tel" value={number} onChange={(e) => setNumber(e.target.value)} />
      <button type="submit" disabled={busy}>Send code</button>
    </form>
  );
}
