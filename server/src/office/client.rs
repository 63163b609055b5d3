//! Who is on the other end: the client's address, for the login back-off. Behind a
//! reverse proxy every request comes from the proxy, so the address the proxy read is
//! taken from `X-Forwarded-For`, but only when the request comes from a proxy listed in
//! `office_trusted_proxies` (anyone else could write that header).

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;

use super::OfficeState;

/// The client's address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddress(pub IpAddr);

/// The address a trusted proxy appended last to `X-Forwarded-For`.
fn forwarded_for(parts: &Parts) -> Option<IpAddr> {
    parts
        .headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .next_back()
        .and_then(|last| last.trim().parse().ok())
}

/// The client of a request that came from `peer`, given the trusted proxies.
pub fn client_of(parts: &Parts, peer: IpAddr, trusted_proxies: &[IpAddr]) -> IpAddr {
    if trusted_proxies.contains(&peer) {
        forwarded_for(parts).unwrap_or(peer)
    } else {
        peer
    }
}

impl FromRequestParts<OfficeState> for ClientAddress {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &OfficeState,
    ) -> Result<Self, Self::Rejection> {
        // Every request of our listeners carries it; without it (a router driven
        // directly), all such requests share one address, which only makes the
        // back-off stricter.
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |info| info.0.ip());
        Ok(Self(client_of(
            parts,
            peer,
            &state.dir.config.office_trusted_proxies,
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(forwarded: &[&str]) -> Parts {
        let mut request = axum::http::Request::builder();
        for value in forwarded {
            request = request.header("x-forwarded-for", *value);
        }
        request.body(()).unwrap().into_parts().0
    }

    #[test]
    fn only_a_trusted_proxy_names_the_client() {
        let proxy: IpAddr = "127.0.0.1".parse().unwrap();
        let client: IpAddr = "203.0.113.7".parse().unwrap();
        let header = parts(&["198.51.100.1, 203.0.113.7"]);
        assert_eq!(
            client_of(&header, proxy, &[proxy]),
            client,
            "the proxy's entry, last"
        );
        assert_eq!(
            client_of(&header, proxy, &[]),
            proxy,
            "an untrusted sender's header is ignored"
        );
        assert_eq!(client_of(&parts(&[]), proxy, &[proxy]), proxy);
        assert_eq!(client_of(&parts(&["garbage"]), proxy, &[proxy]), proxy);
    }
}
