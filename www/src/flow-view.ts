// Binding a headless flow (EnrollmentFlow, ChallengeFlow) to the page: a view is built when the
// flow enters a state of another name, and updated in place otherwise (a pending call, an
// error, `canResend`), so what the person typed and where the focus is survive. An error is
// announced while the state has one; it clears on the next state change.
import { alertError, clearError, setFieldError } from "./dom";
import { describe } from "./messages";

/** What a screen of a flow shows for one state name. */
export interface View<S> {
  node: HTMLElement;
  /** Takes a newer snapshot of the same state name (pending, error, canResend, ...). */
  update?: (state: S) => void;
  /** Undoes what the view started (listeners, timers). */
  cleanup?: () => void;
  /** Where the focus goes when the view appears. */
  focus?: HTMLElement;
  /** The field an error is about: the error is shown under it, and the focus returns to it. */
  field?: HTMLInputElement;
  /** Other fields, by the `field` an error names (`invalid_input`): the error goes under that one. */
  fields?: Record<string, HTMLInputElement>;
}

interface Flow<S> {
  readonly state: S;
  subscribe(listener: (state: S) => void): () => void;
  dispose(): void;
}

/** Renders `flow` into `body` with `viewFor`; returns what undoes it (the flow is disposed). */
export function bindFlow<S extends { state: string; error?: unknown }>(flow: Flow<S>, body: HTMLElement, viewFor: (state: S) => View<S> | null): () => void {
  let name: string | undefined;
  let view: View<S> | null = null;
  const showError = (state: S): void => {
    const named = (state.error as { field?: unknown } | undefined)?.field;
    const all = [view?.field, ...Object.values(view?.fields ?? {})].filter((f): f is HTMLInputElement => f !== undefined);
    for (const f of all) setFieldError(f, null);
    const field = (typeof named === "string" ? view?.fields?.[named] : undefined) ?? view?.field;
    if (!state.error) {
      clearError();
    } else if (field) {
      setFieldError(field, describe(state.error));
      field.focus();
    } else alertError(describe(state.error));
  };
  const render = (state: S): void => {
    if (state.state === name && view) {
      view.update?.(state);
      showError(state);
      return;
    }
    clearError();
    view?.cleanup?.();
    name = state.state;
    view = viewFor(state);
    if (!view) {
      if (state.error) alertError(describe(state.error));
      return;
    }
    body.replaceChildren(view.node);
    view.update?.(state);
    view.focus?.focus();
    showError(state);
  };
  const unsubscribe = flow.subscribe(render);
  render(flow.state);
  return () => {
    unsubscribe();
    view?.cleanup?.();
    flow.dispose();
  };
}
