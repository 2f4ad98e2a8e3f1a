//! The closed vocabularies of the language: node kinds, database roles, TLS handling, edge kinds,
//! operations and protocols. Each has one spelling in source (`as_str`) used in errors and CSS classes.

macro_rules! vocabulary {
    ($(#[$doc:meta])* $name:ident { $($variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            pub fn parse(text: &str) -> Option<Self> {
                match text { $($text => Some($name::$variant),)+ _ => None }
            }

            pub fn names() -> impl Iterator<Item = &'static str> {
                Self::ALL.iter().map(|v| v.as_str())
            }
        }
    };
}

vocabulary! {
    /// What a node is. Gives its icon, a tier hint for layout, and the facts lints reason about.
    NodeKind {
        Client = "client",
        Dns = "dns",
        Cdn = "cdn",
        Firewall = "firewall",
        LoadBalancer = "load-balancer",
        ReverseProxy = "reverse-proxy",
        WebServer = "web-server",
        AppServer = "app-server",
        Worker = "worker",
        Queue = "queue",
        Cache = "cache",
        Database = "database",
        Storage = "storage",
        Monitor = "monitor",
        Host = "host",
        Zone = "zone",
        External = "external",
        Generic = "generic",
    }
}

impl NodeKind {
    /// Where the kind usually sits along a request: 0 clients, 1 edge services, 2 balancers, 3 web,
    /// 4 application, 5 data. `None` for kinds that go wherever their edges put them.
    pub fn tier(self) -> Option<u8> {
        use NodeKind::*;
        match self {
            Client | External => Some(0),
            Dns | Cdn | Firewall => Some(1),
            LoadBalancer | ReverseProxy => Some(2),
            WebServer => Some(3),
            AppServer | Worker | Queue => Some(4),
            Cache | Database | Storage => Some(5),
            Monitor | Host | Zone | Generic => None,
        }
    }

    /// Words used in the generated description ("a load balancer").
    pub fn noun(self) -> &'static str {
        use NodeKind::*;
        match self {
            Client => "client",
            Dns => "DNS server",
            Cdn => "CDN",
            Firewall => "firewall",
            LoadBalancer => "load balancer",
            ReverseProxy => "reverse proxy",
            WebServer => "web server",
            AppServer => "application server",
            Worker => "worker",
            Queue => "queue",
            Cache => "cache",
            Database => "database",
            Storage => "storage",
            Monitor => "monitoring system",
            Host => "host",
            Zone => "zone",
            External => "external service",
            Generic => "component",
        }
    }
}

vocabulary! {
    /// What a database does in replication.
    Role { Primary = "primary", Replica = "replica", Standalone = "standalone" }
}

vocabulary! {
    /// How a node handles TLS it receives.
    Tls { Terminate = "terminate", Passthrough = "passthrough" }
}

vocabulary! {
    /// What an edge carries. Only `request` edges decide the layout's left-to-right order.
    EdgeKind {
        Request = "request",
        Replication = "replication",
        Monitoring = "monitoring",
        Lookup = "lookup",
    }
}

vocabulary! {
    /// Which database operations travel over an edge.
    Ops { Read = "read", Write = "write", ReadWrite = "rw" }
}

impl Ops {
    pub fn writes(self) -> bool {
        matches!(self, Ops::Write | Ops::ReadWrite)
    }
}

/// A protocol name as written (`https`, `mysql`, `postgres+tls`), lower-case. The set is open; only
/// whether it is encrypted matters to the engine.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Proto(String);

/// Protocols that are encrypted by definition. Anything ending in `+tls` or `+ssl` counts too.
const ENCRYPTED: [&str; 19] = [
    "https", "tls", "ssl", "ssh", "sftp", "scp", "wss", "grpcs", "h2", "h3", "quic", "smtps",
    "imaps", "pop3s", "ldaps", "ftps", "dot", "doh", "mtls",
];

impl Proto {
    /// Accepts lower-case letters, digits and `+ - .`, starting with a letter.
    pub fn parse(text: &str) -> Option<Proto> {
        let lower = text.to_ascii_lowercase();
        let mut chars = lower.chars();
        let starts_well = chars.next().is_some_and(|c| c.is_ascii_lowercase());
        let rest_ok =
            chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "+-.".contains(c));
        (starts_well && rest_ok && lower.len() <= 32).then_some(Proto(lower))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn is_encrypted(&self) -> bool {
        ENCRYPTED.contains(&self.0.as_str()) || self.0.ends_with("+tls") || self.0.ends_with("+ssl")
    }

    /// How the protocol is named in prose ("HTTPS", "MySQL").
    pub fn display_name(&self) -> String {
        match self.0.as_str() {
            "mysql" => "MySQL".to_string(),
            "postgres" | "postgresql" => "PostgreSQL".to_string(),
            "redis" => "Redis".to_string(),
            other => other.to_ascii_uppercase(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip() {
        for kind in NodeKind::ALL {
            assert_eq!(NodeKind::parse(kind.as_str()), Some(*kind));
        }
        assert_eq!(NodeKind::ALL.len(), 18);
    }

    #[test]
    fn encryption_is_decided_by_protocol() {
        assert!(Proto::parse("https").unwrap().is_encrypted());
        assert!(Proto::parse("MySQL+TLS").unwrap().is_encrypted());
        assert!(!Proto::parse("http").unwrap().is_encrypted());
        assert!(Proto::parse("1http").is_none());
        assert!(Proto::parse("ht tp").is_none());
    }
}
