//! Organisations and their policy.

use super::Store;
use rusqlite::{params, OptionalExtension, Row};

/// An organisation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Org {
    /// Id.
    pub id: String,
    /// Name (issuer in Key URIs).
    pub name: String,
    /// Every member needs a second factor.
    pub require_mfa: bool,
    /// SSO handles sign-in and MFA.
    pub sso: bool,
}

impl Org {
    pub(super) const COLUMNS: &'static str = "o.id, o.name, o.require_mfa, o.sso";

    pub(super) fn from_row(row: &Row<'_>, at: usize) -> rusqlite::Result<Self> {
        Ok(Self {
            id: row.get(at)?,
            name: row.get(at + 1)?,
            require_mfa: row.get(at + 2)?,
            sso: row.get(at + 3)?,
        })
    }
}

impl Store {
    /// Creates an organisation.
    pub fn create_org(&self, org: &Org) -> rusqlite::Result<()> {
        self.conn().execute(
            "INSERT INTO orgs (id, name, require_mfa, sso) VALUES (?1, ?2, ?3, ?4)",
            params![org.id, org.name, org.require_mfa, org.sso],
        )?;
        Ok(())
    }

    /// Whether any organisation exists (the development seed runs only on an empty database).
    pub fn has_orgs(&self) -> rusqlite::Result<bool> {
        self.conn()
            .query_row("SELECT EXISTS (SELECT 1 FROM orgs)", [], |r| r.get(0))
    }

    /// Updates the policy; `None` leaves a setting unchanged. Returns the new policy.
    pub fn set_org_policy(
        &self,
        org_id: &str,
        require_mfa: Option<bool>,
        sso: Option<bool>,
    ) -> rusqlite::Result<Option<Org>> {
        self.conn()
            .query_row(
                "UPDATE orgs SET require_mfa = COALESCE(?2, require_mfa), sso = COALESCE(?3, sso) WHERE id = ?1 RETURNING id, name, require_mfa, sso",
                params![org_id, require_mfa, sso],
                |r| Org::from_row(r, 0),
            )
            .optional()
    }
}
