//! Request security: sessions and cookies, CSRF and origins, rate limits.

pub mod csrf;
pub mod limits;
pub mod session;
