//! Organisations and their policy.

use super::Db;
use crate::store::model::Org;
use rusqlite::{params, OptionalExtension, Row};

/// The organisation columns, `o` aliased.
pub(super) const ORG_COLUMNS: &str = "o.id, o.name, o.require_mfa, o.sso";

/// An organisation from `row`, starting at column `at`.
pub(super) fn org_from_row(row: &Row<'_>, at: usize) -> rusqlite::Result<Org> {
    Ok(Org {
        id: row.get(at)?,
        name: row.get(at + 1)?,
        require_mfa: row.get(at + 2)?,
        sso: row.get(at + 3)?,
    })
}

impl Db {
    /// Creates an organisation.
    pub fn create_org(&mut self, org: &Org) -> rusqlite::Result<()> {
        self.conn().execute(
            "INSERT INTO orgs (id, name, require_mfa, sso) VALUES (?1, ?2, ?3, ?4)",
            params![org.id, org.name, org.require_mfa, org.sso],
        )?;
        Ok(())
    }

    /// Whether any organisation exists (the development seed runs only on an empty database).
    pub fn has_orgs(&mut self) -> rusqlite::Result<bool> {
        self.conn()
            .query_row("SELECT EXISTS (SELECT 1 FROM orgs)", [], |r| r.get(0))
    }

    /// Updates the policy; `None` leaves a setting unchanged. Returns the new policy.
    pub fn set_org_policy(
        &mut self,
        org_id: &str,
        require_mfa: Option<bool>,
        sso: Option<bool>,
    ) -> rusqlite::Result<Option<Org>> {
        self.conn()
            .query_row(
                "UPDATE orgs SET require_mfa = COALESCE(?2, require_mfa), sso = COALESCE(?3, sso) WHERE id = ?1 RETURNING id, name, require_mfa, sso",
                params![org_id, require_mfa, sso],
                |r| org_from_row(r, 0),
            )
            .optional()
    }
}
