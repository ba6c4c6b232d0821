// Entry point: load the wasm, then show the screen the session calls for.
import init, { isMfaError } from "mfa-wasm";
import { App } from "./app";
import { alertError } from "./dom";
import { describe } from "./messages";
import { showEnroll } from "./screens/enroll";
import { showHome } from "./screens/home";
import { showLogin } from "./screens/login";

await init();
const app = new App();
app.dev = await fetch("/api/health")
  .then((r) => r.json() as Promise<{ dev?: boolean }>)
  .then((health) => health.dev === true)
  .catch(() => false);

app.route = async () => {
  try {
    app.status = await app.client.getStatus();
    app.signedIn = true;
  } catch (e) {
    app.status = null;
    app.signedIn = false;
    if (!isMfaError(e) || e.code !== "unauthorized") alertError(describe(e));
    showLogin(app);
    return;
  }
  const status = app.status;
  if (status.session === "mfa_required") {
    // A reload between the password and the second factor: the sign-in flow resumes.
    showLogin(app, true);
  } else if (status.session === "enrollment_required" || status.enrollmentRequired) {
    showEnroll(app);
  } else if (status.methodChangeUntil) {
    // A reload while changing method: the new enrolment resumes (the change is still pending).
    void showEnroll(app, { changeUntil: status.methodChangeUntil });
  } else {
    showHome(app);
  }
};
await app.route();
