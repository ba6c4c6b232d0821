-- Changing the method without a gap (issue 15): a re-verified session may enrol a new factor
-- while the old one and its recovery codes keep working; confirming the new factor swaps them in
-- one transaction. One pending change per user (a newer one replaces it); it ends with its
-- session, at `expires_at`, on cancellation, or when confirmed.
CREATE TABLE method_changes (
    user_id    TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
) STRICT;
