// Development only: the reference server's SMS outbox, standing in for the phone.
import { h } from "../dom";

interface Outbox {
  messages: { to: string; body: string; sentAt: string }[];
}

/** A panel showing the latest SMS, refreshed on demand. */
export function outboxPanel(): HTMLElement {
  const text = h("pre", { class: "outbox", id: "outbox-latest" }, "No message yet.");
  const refresh = async (): Promise<void> => {
    const outbox = (await fetch("/api/dev/sms-outbox").then((r) => r.json())) as Outbox;
    const last = outbox.messages.at(-1);
    text.textContent = last ? `To ${last.to}:\n${last.body}` : "No message yet.";
  };
  const button = h("button", { type: "button", class: "secondary", id: "outbox-refresh", onclick: () => void refresh() }, "Check the phone");
  void refresh();
  return h("section", { "aria-labelledby": "outbox-title" },
    h("h2", { id: "outbox-title" }, "Development SMS outbox"),
    h("p", {}, "In development the server writes text messages here instead of sending them."),
    button, text);
}

interface MailOutbox {
  messages: { to: string; subject: string; body: string; sentAt: string }[];
}

/** Development only: the security notices the server "mailed" (lockouts, factor changes). */
export function mailOutboxPanel(): HTMLElement {
  const text = h("pre", { class: "outbox", id: "mail-latest" }, "No notice yet.");
  const refresh = async (): Promise<void> => {
    const outbox = (await fetch("/api/dev/mail-outbox").then((r) => r.json())) as MailOutbox;
    const last = outbox.messages.at(-1);
    text.textContent = last ? `To ${last.to}: ${last.subject}\n${last.body}` : "No notice yet.";
  };
  const button = h("button", { type: "button", class: "secondary", id: "mail-refresh", onclick: () => void refresh() }, "Check the mailbox");
  void refresh();
  return h("section", { "aria-labelledby": "mail-title" },
    h("h2", { id: "mail-title" }, "Development mail outbox"),
    h("p", {}, "Security notices the server would email to the account owner."),
    button, text);
}
