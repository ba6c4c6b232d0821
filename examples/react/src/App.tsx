// The app: sign in (ChallengeFlow), enrol when the server asks for it (EnrollmentFlow), then a
// signed-in page. Each screen renders the flow's current state; the flows decide.
import { isMfaError, type MfaClient, type MfaMethod, type UserInfo } from "mfa-wasm";
import { useState } from "react";
import { Enrol } from "./Enrol";
import { SignIn } from "./SignIn";

type Stage = { name: "sign-in" } | { name: "enrol"; methods?: readonly MfaMethod[] } | { name: "home"; user?: UserInfo; note?: string };

export function App({ client }: { client: MfaClient }) {
  const [stage, setStage] = useState<Stage>({ name: "sign-in" });
  switch (stage.name) {
    case "sign-in":
      return (
        <SignIn
          client={client}
          onSignedIn={(user, note) => setStage({ name: "home", user, note })}
          onEnrol={(methods) => setStage({ name: "enrol", methods })}
        />
      );
    case "enrol":
      return <Enrol client={client} methods={stage.methods} onDone={() => setStage({ name: "home" })} />;
    case "home":
      return (
        <section>
          <h1>Signed in</h1>
          <p id="signed-in">{stage.user ? `Welcome, ${stage.user.email}.` : "Two-factor authentication is on."}</p>
          {stage.note && <p role="status">{stage.note}</p>}
          <button type="button" onClick={() => void client.logout().finally(() => setStage({ name: "sign-in" }))}>
            Sign out
          </button>
        </section>
      );
  }
}

/** One sentence for a person (the codes are the package's vocabulary). */
export function describe(error: unknown): string {
  if (!isMfaError(error)) return "Something went wrong.";
  switch (error.code) {
    case "invalid_credentials":
      return "The email or password is wrong.";
    case "invalid_code":
      return error.clockSkewSuspected ? "That code did not work: check that your device's clock is set automatically." : "That code did not work.";
    case "invalid_input":
      return "Please check what you typed.";
    case "rate_limited":
      return "Too many attempts. Please wait a moment.";
    case "network":
    case "timeout":
      return "The server could not be reached.";
    default:
      return "That did not work. Please try again.";
  }
}
