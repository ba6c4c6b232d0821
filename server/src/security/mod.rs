//! Request security: sessions and cookies, CSRF and origins, the client's address, device
//! cookies and the attempt throttles.

pub mod attempt;
pub mod client;
pub mod csrf;
pub mod device;
pub mod kdf;
pub mod session;
pub mod throttle;
