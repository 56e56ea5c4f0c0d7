//! Who a request really came from. Behind a load balancer or reverse proxy the
//! connection comes from the proxy, which names the client in
//! `X-Forwarded-For`. That header is only believed when the connection comes
//! from a proxy listed in `trusted-proxies`; anyone else could write anything
//! in it, and throttling by address would then be worthless.

use ipnet::IpNet;
use std::net::IpAddr;

/// The client's address: `peer` itself, unless `peer` is a trusted proxy; then
/// the right-most address in `forwarded_for` that is not a trusted proxy (each
/// proxy appends the address it received the request from).
pub fn client_address(peer: IpAddr, forwarded_for: Option<&str>, trusted: &[IpNet]) -> IpAddr {
    let is_trusted = |ip: &IpAddr| trusted.iter().any(|net| net.contains(ip));
    if !is_trusted(&peer) {
        return peer;
    }
    let hops: Vec<IpAddr> = forwarded_for
        .unwrap_or_default()
        .split(',')
        .filter_map(|hop| hop.trim().parse().ok())
        .collect();
    hops.iter()
        .rev()
        .find(|ip| !is_trusted(ip))
        .or(hops.first())
        .copied()
        .unwrap_or(peer)
}

/// Parses `10.0.0.0/8` or a single address (`192.0.2.7`).
pub fn parse_network(text: &str) -> Option<IpNet> {
    let text = text.trim();
    text.parse::<IpNet>()
        .ok()
        .or_else(|| text.parse::<IpAddr>().ok().map(IpNet::from))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    fn nets(list: &[&str]) -> Vec<IpNet> {
        list.iter().map(|n| parse_network(n).unwrap()).collect()
    }

    #[test]
    fn without_trusted_proxies_the_header_is_ignored() {
        let got = client_address(ip("203.0.113.9"), Some("198.51.100.1"), &[]);
        assert_eq!(got, ip("203.0.113.9"));
    }

    #[test]
    fn an_untrusted_peer_cannot_claim_another_address() {
        let trusted = nets(&["10.0.0.0/8"]);
        let got = client_address(ip("203.0.113.9"), Some("198.51.100.1"), &trusted);
        assert_eq!(got, ip("203.0.113.9"));
    }

    #[test]
    fn a_trusted_proxy_names_the_client() {
        let trusted = nets(&["10.0.0.0/8"]);
        let got = client_address(ip("10.0.0.2"), Some("198.51.100.1"), &trusted);
        assert_eq!(got, ip("198.51.100.1"));
    }

    #[test]
    fn addresses_the_client_wrote_itself_are_skipped() {
        // The client sent "X-Forwarded-For: 1.2.3.4"; the proxy appended the real one.
        let trusted = nets(&["10.0.0.2", "10.0.0.3"]);
        let got = client_address(
            ip("10.0.0.2"),
            Some("1.2.3.4, 198.51.100.1, 10.0.0.3"),
            &trusted,
        );
        assert_eq!(got, ip("198.51.100.1"));
    }

    #[test]
    fn a_trusted_peer_without_a_header_is_the_client() {
        let trusted = nets(&["127.0.0.1"]);
        assert_eq!(
            client_address(ip("127.0.0.1"), None, &trusted),
            ip("127.0.0.1")
        );
        assert_eq!(
            client_address(ip("127.0.0.1"), Some("garbage"), &trusted),
            ip("127.0.0.1")
        );
    }

    #[test]
    fn networks_and_single_addresses_parse() {
        assert!(parse_network("10.0.0.0/8").is_some());
        assert!(parse_network(" 192.0.2.7 ").is_some());
        assert!(parse_network("::1").is_some());
        assert!(parse_network("not an address").is_none());
    }
}
