//! Which installed form of the field app an update is for (sync-spec section 11,
//! « Updates »): a server publishes one package per platform — system and package kind,
//! since a laptop installed from the `.deb` updates with a `.deb` and one running the
//! AppImage with an AppImage — and a laptop names its own when it asks, so a company with
//! laptops of every kind runs one server. The names are those of Tauri's updater
//! (`{os}-{arch}-{installer}`).

use std::fmt;
use std::str::FromStr;

/// A form the field app is installed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UpdatePlatform {
    /// 64-bit Linux, installed from the `.deb` package.
    LinuxDeb,
    /// 64-bit Linux, run from the AppImage file.
    LinuxAppImage,
    /// 64-bit Windows, installed by the NSIS installer (`…-setup.exe`).
    WindowsNsis,
}

/// Every platform, in the order the docs list them.
pub const UPDATE_PLATFORMS: [UpdatePlatform; 3] = [
    UpdatePlatform::LinuxDeb,
    UpdatePlatform::LinuxAppImage,
    UpdatePlatform::WindowsNsis,
];

/// A platform name that is none of [`UPDATE_PLATFORMS`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a platform (linux-x86_64-deb, linux-x86_64-appimage, windows-x86_64-nsis)")]
pub struct UnknownPlatform(pub String);

impl UpdatePlatform {
    /// Its name on the wire and in `updates/<name>/` on the server.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::LinuxDeb => "linux-x86_64-deb",
            Self::LinuxAppImage => "linux-x86_64-appimage",
            Self::WindowsNsis => "windows-x86_64-nsis",
        }
    }

    /// The platform of a binary built for `os` and `arch` (`std::env::consts`) and
    /// packaged as `bundle` (the kind Tauri's bundle marker names: `deb`, `appimage`,
    /// `nsis`); `None` for a form the app is not published in (it then asks for no
    /// update).
    pub fn of_build(os: &str, arch: &str, bundle: &str) -> Option<Self> {
        match (os, arch, bundle) {
            ("linux", "x86_64", "deb") => Some(Self::LinuxDeb),
            ("linux", "x86_64", "appimage") => Some(Self::LinuxAppImage),
            ("windows", "x86_64", "nsis") => Some(Self::WindowsNsis),
            _ => None,
        }
    }

    /// The platform a package file is for, from its first bytes: a Debian archive
    /// (`!<arch>` with its `debian-binary` member), an AppImage (an ELF executable with
    /// `AI\x02` at offset 8) or a Windows executable (`MZ`). A renamed file is still
    /// recognised, and a file of no known kind is published to nobody by mistake.
    pub fn of_package(first_bytes: &[u8]) -> Option<Self> {
        if first_bytes.starts_with(b"!<arch>\ndebian-binary") {
            Some(Self::LinuxDeb)
        } else if first_bytes.starts_with(b"\x7fELF")
            && first_bytes.get(8..11) == Some(&b"AI\x02"[..])
        {
            Some(Self::LinuxAppImage)
        } else if first_bytes.starts_with(b"MZ") {
            Some(Self::WindowsNsis)
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
        assert!("darwin-aarch64-app".parse::<UpdatePlatform>().is_err());
        assert!("linux-x86_64".parse::<UpdatePlatform>().is_err());
        assert!("linux-x86_64-deb ".parse::<UpdatePlatform>().is_err());
        let long = "x".repeat(10_000).parse::<UpdatePlatform>().unwrap_err();
        assert_eq!(long.0.len(), 64, "what is echoed back is bounded");
    }

    #[test]
    fn a_package_is_recognised_by_its_first_bytes() {
        assert_eq!(
            UpdatePlatform::of_package(
                b"!<arch>\ndebian-binary   1700000000  0     0     100644  4         `\n2.0\n"
            ),
            Some(UpdatePlatform::LinuxDeb)
        );
        assert_eq!(
            UpdatePlatform::of_package(b"\x7fELF\x02\x01\x01\x00AI\x02\x00\x00\x00\x00\x00"),
            Some(UpdatePlatform::LinuxAppImage)
        );
        // A plain executable is not an AppImage.
        assert_eq!(
            UpdatePlatform::of_package(b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00"),
            None
        );
        assert_eq!(
            UpdatePlatform::of_package(b"MZ\x90\x00\x03"),
            Some(UpdatePlatform::WindowsNsis)
        );
        assert_eq!(UpdatePlatform::of_package(b"PK\x03\x04"), None);
        assert_eq!(UpdatePlatform::of_package(b""), None);
    }

    #[test]
    fn a_build_names_its_platform_by_system_and_package_kind() {
        assert_eq!(
            UpdatePlatform::of_build("linux", "x86_64", "deb"),
            Some(UpdatePlatform::LinuxDeb)
        );
        assert_eq!(
            UpdatePlatform::of_build("linux", "x86_64", "appimage"),
            Some(UpdatePlatform::LinuxAppImage)
        );
        assert_eq!(
            UpdatePlatform::of_build("windows", "x86_64", "nsis"),
            Some(UpdatePlatform::WindowsNsis)
        );
        // A build run from the target directory, or a form not published.
        assert_eq!(UpdatePlatform::of_build("linux", "x86_64", ""), None);
        assert_eq!(UpdatePlatform::of_build("linux", "aarch64", "deb"), None);
        assert_eq!(UpdatePlatform::of_build("windows", "x86_64", "msi"), None);
    }
}
