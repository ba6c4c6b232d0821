import init, { MfaClient } from "mfa-wasm";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App";

// Start the wasm download before anything else needs it (the README: "Start the wasm download
// early"); nothing of the package works before it is in.
await init();
// The reference server serves this app and its API on one origin.
const client = new MfaClient({ baseUrl: "/" });
createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <App client={client} />
  </StrictMode>,
);
