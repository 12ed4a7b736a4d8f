//! Versions and bumps: what a set of changes calls for, and whether `api.version` moved enough.
//!
//! Cargo's rules for `0.x` apply: the leftmost non-zero digit plays the major role, so for
//! `0.x.y` a breaking change bumps the minor digit and an addition the patch digit (and for
//! `0.0.z` every change bumps the patch digit).

use std::fmt;

use crate::change::{Change, Level};

/// A `MAJOR.MINOR.PATCH` version (a pre-release or build suffix is ignored).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Version {
    /// Major digit.
    pub major: u64,
    /// Minor digit.
    pub minor: u64,
    /// Patch digit.
    pub patch: u64,
}

impl Version {
    /// Parses `1.2.3` (also `1.2.3-rc.1` and `1.2.3+build`); `None` for anything else.
    pub fn parse(text: &str) -> Option<Version> {
        let core = text.trim().split(['-', '+']).next().unwrap_or_default();
        let mut parts = core.split('.').map(|p| p.parse::<u64>().ok());
        let (Some(Some(major)), Some(Some(minor)), Some(Some(patch)), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return None;
        };
        Some(Version { major, minor, patch })
    }

    /// The smallest version after this one that makes the given bump.
    pub fn next(self, bump: Bump) -> Version {
        let Version { major, minor, patch } = self;
        let up = |n: u64| n.saturating_add(1);
        match (bump, major, minor) {
            (Bump::None, ..) => self,
            (Bump::Major, 1.., _) => Version { major: up(major), minor: 0, patch: 0 },
            (Bump::Major, 0, 1..) => Version { major: 0, minor: up(minor), patch: 0 },
            (Bump::Minor, 1.., _) => Version { major, minor: up(minor), patch: 0 },
            // `0.x.y` additions, `0.0.z` anything, and every patch: the patch digit.
            _ => Version { major, minor, patch: up(patch) },
        }
    }

    /// How the digits play for this version: `None` from 1.0.0 on, else the note to print.
    pub fn zero_note(self) -> Option<&'static str> {
        match (self.major, self.minor) {
            (0, 0) => Some("for 0.0.x versions every change bumps the patch digit"),
            (0, _) => Some("for 0.x versions the minor digit plays the major role, and the patch digit the minor role"),
            _ => None,
        }
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
    }
}

/// A semver bump, in compatibility terms (for `0.x`, `Major` is a minor-digit bump).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Bump {
    /// Nothing changed.
    None,
    /// Only documentation changed.
    Patch,
    /// Additions or behaviour changes that keep existing code and data working.
    Minor,
    /// Something breaks.
    Major,
}

impl Bump {
    /// `none`, `patch`, `minor` or `major`.
    pub fn as_str(self) -> &'static str {
        match self {
            Bump::None => "none",
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
        }
    }

    /// The bump a change of this level calls for.
    pub fn for_level(level: Level) -> Bump {
        match level {
            Level::Breaking => Bump::Major,
            Level::Notable | Level::Compatible => Bump::Minor,
            Level::Docs => Bump::Patch,
        }
    }
}

/// The bump recommended for each audience.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Recommended {
    /// For the generated Rust crates.
    pub rust: Bump,
    /// For the published JSON Schemas.
    pub schemas: Bump,
}

impl Recommended {
    /// The larger of the two: what `api.version`, which versions both, must reflect.
    pub fn overall(self) -> Bump {
        self.rust.max(self.schemas)
    }
}

/// The bumps the changes call for (the version line itself does not count).
pub fn recommend(changes: &[Change]) -> Recommended {
    let pick = |level: fn(&Change) -> Level| {
        changes.iter().filter(|c| c.counts()).map(|c| Bump::for_level(level(c))).max().unwrap_or(Bump::None)
    };
    Recommended { rust: pick(|c| c.rust), schemas: pick(|c| c.schema) }
}

/// The bump `old` → `new` makes, in compatibility terms (`0.1.0` → `0.2.0` is `Major`;
/// `0.1.0` → `0.1.1` is `Minor`). Anything not above `old` is `None`.
pub fn bump_between(old: Version, new: Version) -> Bump {
    if new <= old {
        return Bump::None;
    }
    if new.major > old.major {
        return Bump::Major;
    }
    match (old.major, old.minor, new.minor > old.minor) {
        (0, _, true) | (0, 0, false) => Bump::Major,
        (0, _, false) => Bump::Minor,
        (_, _, true) => Bump::Minor,
        (_, _, false) => Bump::Patch,
    }
}

/// Whether moving from `old` to `new` satisfies the changes: only a breaking change is enforced,
/// and it needs a major bump (a minor-digit bump for `0.x`). Unparsable versions never satisfy a
/// breaking change.
pub fn version_ok(old: &str, new: &str, recommended: Recommended) -> bool {
    if recommended.overall() < Bump::Major {
        return true;
    }
    match (Version::parse(old), Version::parse(new)) {
        (Some(o), Some(n)) => bump_between(o, n) >= Bump::Major,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ver(s: &str) -> Version {
        Version::parse(s).unwrap()
    }

    #[test]
    fn parses_semver_and_refuses_the_rest() {
        assert_eq!(ver("1.2.3"), Version { major: 1, minor: 2, patch: 3 });
        assert_eq!(ver("1.2.3-rc.1"), Version { major: 1, minor: 2, patch: 3 });
        assert_eq!(ver("0.1.0+build.5"), Version { major: 0, minor: 1, patch: 0 });
        for bad in ["", "1", "1.2", "1.2.3.4", "a.b.c", "1..3", "-1.0.0", "1.2.x"] {
            assert_eq!(Version::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn bumps_follow_cargo_rules_for_zero_versions() {
        assert_eq!(bump_between(ver("1.2.3"), ver("2.0.0")), Bump::Major);
        assert_eq!(bump_between(ver("1.2.3"), ver("1.3.0")), Bump::Minor);
        assert_eq!(bump_between(ver("1.2.3"), ver("1.2.4")), Bump::Patch);
        assert_eq!(bump_between(ver("1.2.3"), ver("1.2.3")), Bump::None);
        assert_eq!(bump_between(ver("1.2.3"), ver("1.0.0")), Bump::None);
        assert_eq!(bump_between(ver("0.1.0"), ver("0.2.0")), Bump::Major);
        assert_eq!(bump_between(ver("0.1.0"), ver("0.1.1")), Bump::Minor);
        assert_eq!(bump_between(ver("0.9.3"), ver("1.0.0")), Bump::Major);
        assert_eq!(bump_between(ver("0.0.1"), ver("0.0.2")), Bump::Major);
    }

    #[test]
    fn next_versions() {
        assert_eq!(ver("1.2.3").next(Bump::Major).to_string(), "2.0.0");
        assert_eq!(ver("1.2.3").next(Bump::Minor).to_string(), "1.3.0");
        assert_eq!(ver("1.2.3").next(Bump::Patch).to_string(), "1.2.4");
        assert_eq!(ver("0.1.0").next(Bump::Major).to_string(), "0.2.0");
        assert_eq!(ver("0.1.0").next(Bump::Minor).to_string(), "0.1.1");
        assert_eq!(ver("0.0.3").next(Bump::Major).to_string(), "0.0.4");
        assert_eq!(ver("0.1.0").next(Bump::None).to_string(), "0.1.0");
        // The next version always makes at least the bump asked for.
        for v in ["0.0.1", "0.3.2", "4.5.6"] {
            for b in [Bump::Patch, Bump::Minor, Bump::Major] {
                assert!(bump_between(ver(v), ver(v).next(b)) >= b, "{v} {b:?}");
            }
        }
    }

    #[test]
    fn only_breaking_changes_are_enforced() {
        let rec = |rust, schemas| Recommended { rust, schemas };
        assert!(version_ok("1.0.0", "1.0.0", rec(Bump::Minor, Bump::Minor)));
        assert!(!version_ok("1.0.0", "1.1.0", rec(Bump::Minor, Bump::Major)));
        assert!(version_ok("1.0.0", "2.0.0", rec(Bump::Major, Bump::Minor)));
        assert!(version_ok("0.1.0", "0.2.0", rec(Bump::Major, Bump::Major)));
        assert!(!version_ok("0.1.0", "0.1.1", rec(Bump::Major, Bump::Major)));
        assert!(!version_ok("0.1.0", "garbage", rec(Bump::Major, Bump::None)));
        assert!(version_ok("garbage", "garbage", rec(Bump::Patch, Bump::None)));
    }
}
