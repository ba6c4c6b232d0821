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

/** Announces an error to screen readers and shows it (the region is `role="alert"`). */
export function alertError(message: string): void {
  const region = document.getElementById("alert");
  if (region) region.textContent = message;
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
