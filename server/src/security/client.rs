//! The client's address: the TCP peer, or, when the peer is a configured trusted proxy, the
//! address that proxy saw, read from `X-Forwarded-For` from the right through trusted hops
//! only. A client can write anything into that header, so entries are believed only when a
//! trusted proxy appended them (OWASP WSTG-ATHN-11 "IP-based exemptions"; docs/security.md
//! "Lockouts as a denial-of-service lever").
//!
//! Throttles count per *source*: an IPv4 address, or an IPv6 /64. A /64 is the smallest subnet
//! a host is given (RFC 4291 §2.5.1: interface identifiers are 64 bits), so one client
//! controls at least a whole /64; counting single IPv6 addresses would give it 2^64 budgets.

use ipnet::IpNet;
use std::net::{IpAddr, Ipv6Addr};

/// The client's address (full, for logs) and the source key throttles count against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddr {
    /// The address as seen through trusted proxies.
    pub ip: IpAddr,
}

impl ClientAddr {
    /// The throttling key: the IPv4 address, or the IPv6 /64 prefix. IPv4-mapped IPv6
    /// addresses count as their IPv4 address.
    ///
    /// ```
    /// use mfa_server::security::client::ClientAddr;
    /// let a = ClientAddr { ip: "2001:db8:1:2::a".parse().unwrap() };
    /// let b = ClientAddr { ip: "2001:db8:1:2:ffff::1".parse().unwrap() };
    /// assert_eq!(a.source(), b.source());
    /// assert_eq!(a.source(), "2001:db8:1:2::/64");
    /// ```
    pub fn source(&self) -> String {
        match self.ip {
            IpAddr::V4(v4) => v4.to_string(),
            IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
                Some(v4) => v4.to_string(),
                None => {
                    let prefix = u128::from(v6) & (u128::MAX << 64);
                    format!("{}/64", Ipv6Addr::from(prefix))
                }
            },
        }
    }
}

/// The proxies whose `X-Forwarded-For` entries are believed.
#[derive(Debug, Clone, Default)]
pub struct TrustedProxies(pub Vec<IpNet>);

impl TrustedProxies {
    /// Whether `ip` is a trusted proxy.
    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = canonical(ip);
        self.0.iter().any(|net| net.contains(&ip))
    }

    /// The client behind `peer`, given the request's `X-Forwarded-For` values in order.
    /// Starting from the peer, each trusted hop hands over to the entry it appended (the
    /// rightmost not yet used); the first untrusted hop is the client. A malformed entry stops
    /// the walk at the hop that wrote it.
    ///
    /// ```
    /// use mfa_server::security::client::TrustedProxies;
    /// let proxies = TrustedProxies(vec!["10.0.0.0/8".parse().unwrap()]);
    /// let peer = "10.0.0.2".parse().unwrap();
    /// // The client forged the left entry; the proxy appended the real one.
    /// let ip = proxies.client(peer, &["6.6.6.6, 203.0.113.9"]);
    /// assert_eq!(ip, "203.0.113.9".parse::<std::net::IpAddr>().unwrap());
    /// // From an untrusted peer the header is ignored.
    /// assert_eq!(proxies.client("198.51.100.1".parse().unwrap(), &["6.6.6.6"]),
    ///            "198.51.100.1".parse::<std::net::IpAddr>().unwrap());
    /// ```
    pub fn client(&self, peer: IpAddr, forwarded_for: &[&str]) -> IpAddr {
        let mut current = canonical(peer);
        let mut entries = forwarded_for
            .iter()
            .rev()
            .flat_map(|value| value.rsplit(','))
            .map(str::trim);
        while self.contains(current) {
            match entries.next().map(str::parse::<IpAddr>) {
                Some(Ok(ip)) => current = canonical(ip),
                _ => break,
            }
        }
        current
    }
}

/// IPv4-mapped IPv6 addresses as IPv4 (a dual-stack listener reports IPv4 peers that way).
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn walks_trusted_hops_from_the_right() {
        let proxies = TrustedProxies(vec![
            "127.0.0.1/32".parse().unwrap(),
            "10.0.0.0/8".parse().unwrap(),
        ]);
        let peer = ip("127.0.0.1");
        // Two trusted hops: the client is the first untrusted entry from the right.
        assert_eq!(
            proxies.client(peer, &["1.2.3.4", "203.0.113.5, 10.1.1.1"]),
            ip("203.0.113.5")
        );
        // Everything trusted: the leftmost entry.
        assert_eq!(proxies.client(peer, &["10.9.9.9"]), ip("10.9.9.9"));
        // No header: the proxy itself.
        assert_eq!(proxies.client(peer, &[]), peer);
        // A malformed entry stops at the hop that wrote it.
        assert_eq!(
            proxies.client(peer, &["203.0.113.5, garbage"]),
            ip("127.0.0.1")
        );
        assert_eq!(
            proxies.client(peer, &["::ffff:198.51.100.7"]),
            ip("198.51.100.7")
        );
        // Untrusted peers are their own address, whatever they send.
        let none = TrustedProxies::default();
        assert_eq!(none.client(peer, &["203.0.113.5"]), peer);
    }

    #[test]
    fn sources_group_ipv6_by_64() {
        let source = |text: &str| ClientAddr { ip: ip(text) }.source();
        assert_eq!(source("203.0.113.5"), "203.0.113.5");
        assert_eq!(source("::ffff:203.0.113.5"), "203.0.113.5");
        assert_eq!(source("2001:db8:a:b:1:2:3:4"), "2001:db8:a:b::/64");
        assert_ne!(source("2001:db8:a:b::1"), source("2001:db8:a:c::1"));
    }
}
