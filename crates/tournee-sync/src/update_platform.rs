//! Which system a field app update is built for (sync-spec section 11, « Updates »): a
//! server publishes one package per system, and a laptop names its own when it asks, so
//! a company with Linux and Windows laptops runs one server. The names are Tauri's
//! updater's (`{target}-{arch}`).

use std::fmt;
use std::str::FromStr;

/// A system the field app is packaged for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UpdatePlatform {
    /// 64-bit Linux: the `.deb` package.
    LinuxX86_64,
    /// 64-bit Windows: the NSIS installer (`…-setup.exe`).
    WindowsX86_64,
}

/// Every platform, in the order the back office and the docs list them.
pub const UPDATE_PLATFORMS: [UpdatePlatform; 2] =
    [UpdatePlatform::LinuxX86_64, UpdatePlatform::WindowsX86_64];

/// A platform name that is none of [`UPDATE_PLATFORMS`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a platform (linux-x86_64, windows-x86_64)")]
pub struct UnknownPlatform(pub String);

impl UpdatePlatform {
    /// Its name on the wire and in `updates/<name>/` on the server.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::LinuxX86_64 => "linux-x86_64",
            Self::WindowsX86_64 => "windows-x86_64",
        }
    }

    /// The platform this binary was built for; `None` on a system the app is not
    /// packaged for (it then asks for no update).
    pub fn this_build() -> Option<Self> {
        match (std::env::consts::OS, std::env::consts::ARCH) {
            ("linux", "x86_64") => Some(Self::LinuxX86_64),
            ("windows", "x86_64") => Some(Self::WindowsX86_64),
            _ => None,
        }
    }

    /// The platform a package file is for, from its kind: a Debian archive (`!<arch>`
    /// magic with a `debian-binary` member) or a Windows executable (`MZ`). Reads the
    /// first bytes, so a renamed file is still recognised, and a file of neither kind is
    /// not published to anyone by mistake.
    pub fn of_package(first_bytes: &[u8]) -> Option<Self> {
        if first_bytes.starts_with(b"!<arch>\ndebian-binary") {
            Some(Self::LinuxX86_64)
        } else if first_bytes.starts_with(b"MZ") {
            Some(Self::WindowsX86_64)
        } else {
            None
        }
    }
}

impl fmt::Display for UpdatePlatform {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for UpdatePlatform {
    type Err = UnknownPlatform;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        UPDATE_PLATFORMS
            .into_iter()
            .find(|platform| platform.as_str() == name)
            .ok_or_else(|| UnknownPlatform(name.chars().take(64).collect()))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // a panic is how a test reports failure

    use super::*;

    #[test]
    fn names_read_back_and_unknown_ones_are_refused() {
        for platform in UPDATE_PLATFORMS {
            assert_eq!(platform.as_str().parse::<UpdatePlatform>(), Ok(platform));
        }
        assert!("darwin-aarch64".parse::<UpdatePlatform>().is_err());
        assert!("linux-x86_64 ".parse::<UpdatePlatform>().is_err());
        let long = "x".repeat(10_000).parse::<UpdatePlatform>().unwrap_err();
        assert_eq!(long.0.len(), 64, "what is echoed back is bounded");
    }

    #[test]
    fn a_package_is_recognised_by_its_first_bytes() {
        assert_eq!(
            UpdatePlatform::of_package(
                b"!<arch>\ndebian-binary   1700000000  0     0     100644  4         `\n2.0\n"
            ),
            Some(UpdatePlatform::LinuxX86_64)
        );
        assert_eq!(
            UpdatePlatform::of_package(b"MZ\x90\x00\x03"),
            Some(UpdatePlatform::WindowsX86_64)
        );
        assert_eq!(UpdatePlatform::of_package(b"PK\x03\x04"), None);
        assert_eq!(UpdatePlatform::of_package(b""), None);
    }

    #[cfg(all(target_os = "linux", target_arch = "x86_64"))]
    #[test]
    fn this_machine_has_a_platform() {
        // The tests run on 64-bit Linux (CI) — the build the .deb packages.
        assert_eq!(
            UpdatePlatform::this_build(),
            Some(UpdatePlatform::LinuxX86_64)
        );
    }
}
