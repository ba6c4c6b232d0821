// A headless flow of mfa-wasm (EnrollmentFlow, ChallengeFlow) as React state: the flow is an
// external store (`subscribe` returns its unsubscribe, `state` is an immutable snapshot that
// keeps its identity until the next transition), which is what useSyncExternalStore asks for.
import { useCallback, useEffect, useState, useSyncExternalStore } from "react";

interface Flow<S> {
  readonly state: S;
  subscribe(listener: (state: S) => void): () => void;
  dispose(): void;
}

/**
 * Creates a flow when the component mounts (again when `key` changes) and disposes of it when it
 * unmounts, which aborts its pending call: safe under StrictMode's mount, unmount, mount. Returns
 * the flow and its current state (`null` before the first effect).
 */
export function useFlow<S, F extends Flow<S>>(create: () => F, key: unknown = null): [F | null, S | null] {
  const [flow, setFlow] = useState<F | null>(null);
  useEffect(() => {
    const created = create();
    setFlow(created);
    return () => created.dispose();
    // `create` is a new function each render; `key` says when a new flow is wanted.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  const subscribe = useCallback((onChange: () => void) => (flow ? flow.subscribe(onChange) : () => {}), [flow]);
  const state = useSyncExternalStore(subscribe, () => (flow ? flow.state : null));
  return [flow, state];
}
