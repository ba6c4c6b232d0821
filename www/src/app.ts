// The demo's shell: one MfaClient, the signed-in status, and which screen is shown.
import { MfaClient, type StatusResponse } from "mfa-wasm";
import { clearError, confirmation, h } from "./dom";

/** A screen: its heading, its content, and what to undo when it is left (timers, listeners). */
export interface Screen {
  title: string;
  node: HTMLElement;
  cleanup?: () => void;
}

export class App {
  /** Same origin: the reference server serves this page and the API. */
  readonly client = new MfaClient({ baseUrl: "/", timeoutMs: 10000 });
  status: StatusResponse | null = null;
  /** A session exists (even one still waiting for its second factor or an enrolment). */
  signedIn = false;
  /** A confirmation for the next screen to show (then cleared). */
  notice: string | null = null;
  /** The server runs with --dev: show the SMS outbox. */
  dev = false;
  private current: Screen | null = null;
  /** Set by main.ts: decides the screen from the server's view of the session. */
  route: () => Promise<void> = async () => {};

  show(screen: Screen): void {
    this.current?.cleanup?.();
    this.current = screen;
    clearError();
    const main = document.getElementById("main");
    if (!main) return;
    const heading = h("h1", { tabindex: "-1" }, screen.title);
    const notice = this.notice === null ? null : confirmation("notice", this.notice);
    this.notice = null;
    main.replaceChildren(...[heading, notice, screen.node].filter((n): n is HTMLElement => n !== null));
    document.title = `${screen.title} · mfa-wasm demo`;
    // Focus moves to the new heading, so keyboard and screen-reader users start at the top.
    heading.focus();
    this.renderNav();
  }

  private renderNav(): void {
    const nav = document.getElementById("nav");
    if (!nav) return;
    if (!this.signedIn) {
      nav.replaceChildren();
      return;
    }
    const signOut = h("button", { type: "button", class: "secondary", id: "sign-out", onclick: () => void this.signOut() }, "Sign out");
    const user = this.status?.user;
    nav.replaceChildren(h("span", {}, user ? `${user.email} ` : ""), signOut);
  }

  async signOut(): Promise<void> {
    await this.client.logout().catch(() => undefined);
    this.status = null;
    this.signedIn = false;
    await this.route();
  }
}
