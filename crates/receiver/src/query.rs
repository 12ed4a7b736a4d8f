//! The callback URL's query string, percent-decoded (`+` as a space), in order.

use percent_encoding::percent_decode_str;

/// The decoded query parameters of a delivery.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CallbackQuery {
    params: Vec<(String, String)>,
}

impl CallbackQuery {
    /// Parses a raw query string (without `?`); a pair without `=` has an empty value.
    pub fn parse(raw: &str) -> Self {
        let params = raw
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|pair| {
                let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
                (decode(k), decode(v))
            })
            .collect();
        Self { params }
    }

    /// The first value of `name` (names compare exactly: the vendor spells `SdkAppid`).
    pub fn get(&self, name: &str) -> Option<&str> {
        self.params.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    /// Every parameter, in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.params.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }
}

fn decode(s: &str) -> String {
    percent_decode_str(&s.replace('+', " ")).decode_utf8_lossy().into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_and_keeps_the_first_value() {
        let q = CallbackQuery::parse(
            "SdkAppid=1400&CallbackCommand=Bot.OnC2CMessage&ClientIP=1.2.3.4&x=a%20b+c&SdkAppid=9&flag",
        );
        assert_eq!(q.get("SdkAppid"), Some("1400"));
        assert_eq!(q.get("x"), Some("a b c"));
        assert_eq!(q.get("flag"), Some(""));
        assert_eq!(q.get("sdkappid"), None);
        assert_eq!(q.iter().count(), 6);
    }
}
