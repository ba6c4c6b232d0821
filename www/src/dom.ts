// A few lines of DOM building: elements from tags, attributes and children. Text is always set as
// text (never as HTML); the only markup inserted is our own QR SVG, through mountQr.

type Child = Node | string | null | undefined | false;

/** An element with attributes (`on*` keys are listeners) and children. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | boolean | ((event: Event) => void)> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (typeof value === "function") el.addEventListener(name.slice(2), value);
    else if (value === true) el.setAttribute(name, "");
    else if (value !== false) el.setAttribute(name, value);
  }
  for (const child of children) if (child) el.append(child);
  return el;
}

/** A labelled input: the label's `for` names the input's id (WCAG 1.3.1, 3.3.2). */
export function field(id: string, label: string, attrs: Record<string, string | boolean> = {}): { wrap: HTMLElement; input: HTMLInputElement } {
  const input = h("input", { id, name: id, type: "text", ...attrs });
  return { wrap: h("div", {}, h("label", { for: id }, label), input), input };
}

/**
 * Announces an error to screen readers (the region is `role="alert"`); shown there too unless
 * `inline` (the message is already visible under its field).
 */
export function alertError(message: string, inline = false): void {
  const region = document.getElementById("alert");
  if (!region) return;
  region.textContent = message;
  region.classList.toggle("visually-hidden", inline);
}

/**
 * Shows `message` under `input` (`aria-invalid`, `aria-describedby` naming the message; WCAG
 * 3.3.1) and announces it; `null` clears both.
 */
export function setFieldError(input: HTMLInputElement, message: string | null): void {
  const id = `${input.id}-error`;
  let note = document.getElementById(id);
  if (message === null) {
    input.removeAttribute("aria-invalid");
    input.removeAttribute("aria-describedby");
    note?.remove();
    clearError();
    return;
  }
  if (!note) {
    note = h("p", { id, class: "field-error" });
    input.after(note);
  }
  note.textContent = message;
  input.setAttribute("aria-invalid", "true");
  input.setAttribute("aria-describedby", id);
  alertError(message, true);
}

/** Shows a confirmation that stays visible (and is announced politely). */
export function confirmation(id: string, message: string): HTMLElement {
  announce(message);
  return h("p", { id, class: "confirmation", role: "status" }, message);
}

/** Clears the error region. */
export function clearError(): void {
  alertError("");
}

/** Announces a status message politely. */
export function announce(message: string): void {
  const region = document.getElementById("status");
  if (region) region.textContent = message;
}
