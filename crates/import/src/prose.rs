//! What a description says in prose: defaults, limits, value lists, fixed values, integer widths,
//! whether an error is worth retrying. Each reader returns what it found and what it doubted.

use ccapi_loader::naming::{pascal, words};

use crate::rx::{lower, rx, squash};

/// Limits stated in a description.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Limits {
    /// Inclusive minimum (integers).
    pub minimum: Option<i64>,
    /// Inclusive maximum (integers).
    pub maximum: Option<i64>,
    /// Minimum length in characters.
    pub min_length: Option<u64>,
    /// Maximum length in characters.
    pub max_length: Option<u64>,
    /// Substrings the value cannot contain.
    pub not_contains: Vec<String>,
    /// Doubts about limits that could not be expressed (bytes, not characters).
    pub doubts: Vec<String>,
}

impl Limits {
    /// How many constraints were found.
    pub fn count(&self) -> usize {
        [self.minimum.is_some(), self.maximum.is_some(), self.min_length.is_some(), self.max_length.is_some()]
            .iter()
            .filter(|b| **b)
            .count()
            + self.not_contains.len()
    }
}

fn int(s: &str) -> Option<i64> {
    s.replace(',', "").parse().ok()
}

/// Limits stated in `desc` for a field that is a string (`is_string`) or an integer.
pub fn limits(desc: &str, is_string: bool) -> Limits {
    let text = squash(desc);
    let l = lower(&text);
    let mut out = Limits::default();
    let cap = |c: &regex::Captures, i: usize| c.get(i).map(|m| m.as_str()).and_then(int);
    if is_string {
        // "1 to 24 characters", "between 1 and 24 characters", "1-24 characters"
        if let Some(c) = rx!(r"(\d+)\s*(?:to|-|~|and)\s*(\d+)\s*(?:characters|chars)").captures(&l) {
            out.min_length = cap(&c, 1).and_then(|v| u64::try_from(v).ok());
            out.max_length = cap(&c, 2).and_then(|v| u64::try_from(v).ok());
        }
        // "a maximum of 32 characters", "up to 32 characters", "at most 32 characters", "cannot exceed 32 characters"
        if out.max_length.is_none()
            && let Some(c) = rx!(r"(?:maximum(?: length)? of|up to|at most|no more than|not exceed|cannot exceed|max(?:imum)? length is|maximum length:)\s*(\d+)\s*(characters|chars|bytes|byte|letters)").captures(&l)
        {
            let n = cap(&c, 1).and_then(|v| u64::try_from(v).ok());
            if c.get(2).is_some_and(|u| u.as_str().starts_with("byte")) {
                out.doubts.push(format!(
                    "the page limits the length to {} bytes; the spec counts characters, so no max_length was set",
                    n.unwrap_or_default()
                ));
            } else {
                out.max_length = n;
            }
        }
        if out.min_length.is_none()
            && let Some(c) = rx!(r"(?:minimum(?: length)? of|at least)\s*(\d+)\s*(?:characters|chars)").captures(&l)
        {
            out.min_length = cap(&c, 1).and_then(|v| u64::try_from(v).ok());
        }
        // "cannot contain commas (,)", "must not contain spaces"
        for c in
            rx!(r"(?:cannot|can not|must not|should not|may not) contain ([a-z ]+?)\s*\((.{1,3}?)\)").captures_iter(&l)
        {
            if let Some(m) = c.get(2) {
                let s = text.get(m.range()).unwrap_or("").to_string();
                if !s.is_empty() && !out.not_contains.contains(&s) {
                    out.not_contains.push(s);
                }
            }
        }
        if out.not_contains.is_empty() {
            for c in rx!(r"(?:cannot|can not|must not|should not|may not) contain (?:any )?([a-z]+)").captures_iter(&l)
            {
                let sym = match c.get(1).map(|m| m.as_str()) {
                    Some("commas" | "comma") => ",",
                    Some("spaces" | "space") => " ",
                    Some("semicolons" | "semicolon") => ";",
                    Some("colons" | "colon") => ":",
                    Some("slashes" | "slash") => "/",
                    Some("pipes") => "|",
                    _ => continue,
                };
                out.not_contains.push(sym.to_string());
            }
        }
    } else {
        if let Some(c) = rx!(r"(?:the )?maximum(?: value)? is (-?[\d,]+)|(?:cannot|must not|should not) (?:exceed|be greater than) (-?[\d,]+)|(?:at most|max(?:imum)?[:=]) ?(-?[\d,]+)").captures(&l) {
            out.maximum = cap(&c, 1).or_else(|| cap(&c, 2)).or_else(|| cap(&c, 3));
        }
        if let Some(c) = rx!(r"(?:the )?minimum(?: value)? is (-?[\d,]+)|(?:cannot|must not) be less than (-?[\d,]+)|(?:at least|min(?:imum)?[:=]) ?(-?[\d,]+)").captures(&l) {
            out.minimum = cap(&c, 1).or_else(|| cap(&c, 2)).or_else(|| cap(&c, 3));
        }
        if let Some(c) =
            rx!(r"(?:ranges? from|range of|in the range of|between|value range:?|valid range:?)\s*\[?\s*(-?\d+)\s*(?:,|to|and|-|~)\s*(-?\d+)\s*\]?")
                .captures(&l)
        {
            out.minimum = out.minimum.or_else(|| cap(&c, 1));
            out.maximum = out.maximum.or_else(|| cap(&c, 2));
        }
    }
    out
}

/// Item counts stated for an array (`a maximum of 5 skill groups`): (min_items, max_items).
pub fn item_limits(desc: &str) -> (Option<u64>, Option<u64>) {
    let l = lower(&squash(desc));
    let unit_ok = |c: &regex::Captures| {
        !c.get(2).is_some_and(|u| matches!(u.as_str(), "characters" | "chars" | "bytes" | "byte"))
    };
    let num = |c: &regex::Captures| c.get(1).and_then(|m| m.as_str().parse::<u64>().ok());
    let max =
        rx!(r"(?:a maximum of|maximum of|up to|at most|no more than|cannot exceed|not exceed)\s+(\d+)(?:\s+([a-z]+))?")
            .captures_iter(&l)
            .find(|c| unit_ok(c))
            .and_then(|c| num(&c));
    let min = rx!(r"(?:a minimum of|at least)\s+(\d+)(?:\s+([a-z]+))?")
        .captures_iter(&l)
        .find(|c| unit_ok(c))
        .and_then(|c| num(&c));
    (min, max)
}

/// The integer type a description implies (`32-bit unsigned` → `u32`).
pub fn int_type(desc: &str) -> Option<&'static str> {
    let l = lower(desc);
    if rx!(r"32-bit unsigned|unsigned 32-bit|uint32").is_match(&l) {
        Some("u32")
    } else if rx!(r"64-bit unsigned|unsigned 64-bit|uint64").is_match(&l) {
        Some("u64")
    } else if rx!(r"32-bit (signed )?integer|int32").is_match(&l) {
        Some("i32")
    } else {
        None
    }
}

/// The default a description states, as written (`the default is 20` → `20`).
pub fn default(desc: &str) -> Option<String> {
    let text = squash(desc);
    let l = lower(&text);
    // A word after "default" is its value only with a connector: "the default is Public", not
    // "the default policy" (a number or a quoted value needs none: "default 0").
    let c = rx!(r#"defaults?(?: value)?(?: is|:|=| to)?\s+("[^"]*"|-?\d+(?:\.\d+)?\b|[a-z0-9_]+)"#).captures(&l)?;
    let m = c.get(1)?;
    let connected = rx!(r"defaults?(?: value)?(?: is|:|=| to)\s+$").is_match(l.get(..m.start())?);
    let literal = m.as_str().starts_with('"') || rx!(r"^-?\d").is_match(m.as_str());
    if !connected && !literal {
        return None;
    }
    let v = text.get(m.range())?.trim_matches('"').to_string();
    let lv = lower(&v);
    if matches!(lv.as_str(), "the" | "a" | "an" | "empty" | "null" | "none" | "value" | "is" | "not" | "unspecified") {
        return None;
    }
    Some(v)
}

/// An example value stated in a description (`Example value: 100`).
pub fn example(desc: &str) -> Option<String> {
    let text = squash(desc);
    let l = lower(&text);
    let c = rx!(r#"example(?: value)?:\s*("[^"]*"|[^\s;,]+)"#).captures(&l)?;
    let m = c.get(1)?;
    Some(text.get(m.range())?.trim_matches('"').trim_end_matches('.').to_string())
}

/// One value of a list stated in prose.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Listed {
    /// The wire value as written.
    pub value: String,
    /// What it means, if the page says.
    pub meaning: String,
    /// When the page gives the value only in words, the spelling guessed for it.
    pub guessed: bool,
}

/// A value list found in a description.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ValueList {
    /// The values in order.
    pub values: Vec<Listed>,
    /// Whether the page gives their meanings.
    pub with_meanings: bool,
    /// Whether the field can only have this one value (`Set this parameter to CUSTOMER`).
    pub fixed: bool,
}

/// The values a description lists: `The options are A, B, and C`, `1: User 2: Agent`,
/// `1. Oldest first; 2. Newest first`, one `Value: meaning` per line after a line ending in `:`,
/// or a fixed value (`Set this parameter to X`, `this field is 1`).
pub fn values(desc: &str, integer: bool) -> Option<ValueList> {
    numbered(desc, integer)
        .or_else(|| if integer { None } else { options(desc) })
        .or_else(|| line_list(desc, integer))
        .or_else(|| fixed(desc, integer))
}

/// `1: User Message 2: Agent message` or `1. From morning; 2. From evening.`
fn numbered(desc: &str, integer: bool) -> Option<ValueList> {
    if !integer {
        return None;
    }
    let text = squash(desc);
    for sep in [":", "."] {
        let re = if sep == ":" {
            rx!(r"(?:^|[\s;,(])(\d{1,6})\s*[:：](?:\s|$)")
        } else {
            rx!(r"(?:^|[\s;(])(\d{1,6})\.\s+")
        };
        let marks: Vec<(usize, usize, i64)> = re
            .captures_iter(&text)
            .filter_map(|c| {
                let whole = c.get(0)?;
                let n = c.get(1)?.as_str().parse().ok()?;
                Some((c.get(1)?.start(), whole.end(), n))
            })
            .collect();
        // The longest run of consecutive numbers from the first mark.
        let mut run: Vec<(usize, usize, i64)> = Vec::new();
        for m in marks {
            match run.last() {
                None if m.2 <= 1 => run.push(m),
                Some(last) if m.2 == last.2 + 1 => run.push(m),
                _ if run.len() >= 2 => break,
                _ => run.clear(),
            }
        }
        if run.len() < 2 {
            continue;
        }
        let mut values = Vec::new();
        for (k, (_, body_start, n)) in run.iter().enumerate() {
            let body_end = run.get(k + 1).map_or(text.len(), |next| next.0);
            let body = text.get(*body_start..body_end).unwrap_or("");
            let meaning = first_clause(body);
            values.push(Listed { value: n.to_string(), meaning, guessed: false });
        }
        return Some(ValueList { values, with_meanings: true, fixed: false });
    }
    None
}

/// The meaning of a numbered item: its first sentence, up to `;`.
fn first_clause(body: &str) -> String {
    let mut s = body.split(';').next().unwrap_or("").trim();
    if let Some(i) = s.find(". ") {
        s = &s[..i];
    }
    s.trim().trim_end_matches(['.', ',', ';']).trim().to_string()
}

/// `The options are A, B, and C.`, `Valid values: A, B, C`, `The value can be A or B.`
fn options(desc: &str) -> Option<ValueList> {
    let text = squash(desc);
    let l = lower(&text);
    let c = rx!(r"(?:the options are|options are|options:|valid values(?: are| include)?:?|the value can be|value range:|possible values(?: are)?:?|enumerated values:?|one of:?)\s+([^.;]+)")
        .captures(&l)?;
    let m = c.get(1)?;
    let list = text.get(m.range())?;
    let mut values = Vec::new();
    for part in rx!(r",\s*(?:and |or )?|\s+(?:and|or)\s+").split(list) {
        let v = part.trim().trim_matches(['"', '`', '\'']);
        if v.is_empty() {
            continue;
        }
        if !rx!(r"^[A-Za-z0-9_\-]+$").is_match(v) {
            return None;
        }
        values.push(Listed { value: v.to_string(), meaning: String::new(), guessed: false });
    }
    (values.len() >= 2).then_some(ValueList { values, with_meanings: false, fixed: false })
}

/// One value per line after a line ending in `:` (`Chatbot: Chatbot reception in progress.`).
fn line_list(desc: &str, integer: bool) -> Option<ValueList> {
    let lines: Vec<&str> = desc.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    let intro = lines.iter().position(|l| l.ends_with(':'))?;
    let items = &lines[intro + 1..];
    if items.len() < 2 {
        return None;
    }
    let mut values = Vec::new();
    let mut named = 0;
    for item in items {
        let item = item.trim_start_matches(['-', '*', '•']).trim();
        if let Some(c) = rx!(r"^([A-Za-z0-9_\-]+)\s*[:：]\s*(.*)$").captures(item) {
            let v = c.get(1).map_or("", |m| m.as_str());
            if integer && v.parse::<i64>().is_err() {
                return None;
            }
            named += 1;
            let meaning = c.get(2).map_or("", |m| m.as_str()).trim().trim_end_matches('.').to_string();
            values.push(Listed { value: v.to_string(), meaning, guessed: false });
        } else if !integer && item.split_whitespace().count() <= 5 {
            // A state given only in words ("Not in session"): its wire spelling is a guess.
            let guess = pascal(item);
            values.push(Listed { value: guess, meaning: item.trim_end_matches('.').to_string(), guessed: true });
        } else {
            return None;
        }
    }
    (named >= 2).then_some(ValueList { values, with_meanings: true, fixed: false })
}

/// `Set this parameter to CUSTOMER.`, `This field is 1`, `The value is fixed as json.`
fn fixed(desc: &str, integer: bool) -> Option<ValueList> {
    let text = squash(desc);
    let l = lower(&text);
    // Explicit wording takes any value; "this field is X" only a number or a code in capitals.
    let explicit = rx!(r"(?:set this (?:parameter|field) to|(?:is|has) a fixed value of|is fixed (?:as|to|at)|fixed value:|must be set to)\s+[`\x22]?([a-z0-9_\-]+)")
        .captures(&l);
    let loose = || rx!(r"this (?:field|parameter|value) is\s+[`\x22]?([a-z0-9_\-]+)").captures(&l);
    let (c, strict) = match explicit {
        Some(c) => (c, false),
        None => (loose()?, true),
    };
    let m = c.get(1)?;
    let v = text.get(m.range())?.to_string();
    if integer && v.parse::<i64>().is_err() {
        return None;
    }
    if strict && !v.chars().all(|ch| ch.is_ascii_uppercase() || ch.is_ascii_digit() || ch == '_') {
        return None;
    }
    let after = text.get(c.get(0)?.end()..).unwrap_or("");
    let meaning = rx!(r"^[`\x22]?\s*,?\s*(?:indicating|which means|meaning)(?: that)?\s+([^.;]+)")
        .captures(after)
        .and_then(|c| c.get(1))
        .map(|m| m.as_str().trim().to_string())
        .unwrap_or_default();
    Some(ValueList {
        values: vec![Listed { value: v, meaning: meaning.clone(), guessed: false }],
        with_meanings: !meaning.is_empty(),
        fixed: true,
    })
}

/// A PascalCase name from a meaning (`From morning to evening` → `FromMorningToEvening`), at most
/// four words, articles and filler left out.
pub fn name_from_meaning(meaning: &str) -> String {
    const SKIP: &[&str] = &["a", "an", "the", "is", "are", "has", "have", "been", "that", "this", "please", "means"];
    let first = meaning.split(['.', ',', ';', '(', ':']).next().unwrap_or("");
    let kept: Vec<String> =
        words(first).into_iter().filter(|w| !SKIP.contains(&lower(w).as_str())).take(4).collect::<Vec<_>>();
    if kept.is_empty() {
        return String::new();
    }
    pascal(&kept.join(" "))
}

/// Whether an error's description says retrying helps, and a doubt when it says so only after a
/// fix ("check and retry", "reduce the packet size and try again").
pub fn retryable(desc: &str) -> (bool, Option<String>) {
    let l = lower(&squash(desc));
    let rate =
        rx!(r"rate limit|frequency limit|too many requests|too frequent|reduce the (request |call )?frequency|throttl")
            .is_match(&l);
    let retry = rx!(r"\bretry\b|try again|\bretries\b").is_match(&l);
    if !rate && !retry {
        return (false, None);
    }
    let conditional = rx!(
        r"(check|fix|correct|modify|reduce|verify|change|confirm|adjust)[^.]{0,60}\b(and |then )?(retry|try again)"
    )
    .is_match(&l);
    if conditional && !rate {
        return (
            false,
            Some("the text says to retry only after fixing something: retrying the same request fails again; marked not retryable".into()),
        );
    }
    (true, None)
}

/// A PascalCase name for an error code from its description (`Invalid request packet` →
/// `InvalidRequestPacket`); empty when the description has no words.
pub fn error_name(desc: &str) -> String {
    let first = desc.split(['.', ',', ';', '(', ':']).map(str::trim).find(|s| !s.is_empty()).unwrap_or("");
    const SKIP: &[&str] = &["a", "an", "the", "please", "this", "that", "is", "are"];
    const DANGLING: &[&str] = &["of", "or", "and", "to", "for", "in", "with", "on", "by", "not", "does"];
    let mut kept: Vec<String> =
        words(first).into_iter().filter(|w| !SKIP.contains(&lower(w).as_str())).take(5).collect();
    while kept.last().is_some_and(|w| DANGLING.contains(&lower(w).as_str())) {
        kept.pop();
    }
    if kept.is_empty() {
        return String::new();
    }
    pascal(&kept.join(" "))
}

/// Whether a string field's description says it holds JSON text.
pub fn holds_json(desc: &str) -> bool {
    rx!(r"\bjson (format|string|text|object)\b|\bin json\b|\bjson-formatted\b|\bjson-encoded\b").is_match(&lower(desc))
}

/// The sibling field the description says the value depends on (`varies depending on mediaType`).
pub fn depends_on<'a>(desc: &str, siblings: &'a [String]) -> Option<&'a String> {
    let l = lower(desc);
    let c = rx!(r"(?:depending on|depends on|varies with|according to|determined by|based on) (?:the )?(?:value of )?`?([a-z_][a-z0-9_]*)")
        .captures(&l)?;
    let name = desc.get(c.get(1)?.range())?;
    siblings.iter().find(|s| s.as_str() == name)
}

/// Whether a description announces a list it does not give (it ends with `Examples:`).
pub fn announces_missing_list(desc: &str) -> bool {
    desc.trim_end().ends_with(':')
}

/// Whether an integer field is a count, an offset or a size, which cannot be negative.
pub fn is_count(name: &str, desc: &str) -> bool {
    let n = lower(name);
    let d = lower(desc);
    rx!(r"(count|offset|limit|size|total|num|length|index|page)").is_match(&n)
        || rx!(r"\b(number of|total|offset of|count)\b").is_match(&d)
}

/// Whether the description calls the field a flag.
pub fn is_flag(desc: &str) -> bool {
    rx!(r"\bflag\b|\bwhether\b|\bindicat").is_match(&lower(desc))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn string_limits() {
        let l = limits("ID of the user. The value is a string of 1 to 24 characters.", true);
        assert_eq!((l.min_length, l.max_length), (Some(1), Some(24)));
        let l = limits("The value can contain a maximum of 32 characters. The value cannot contain commas (,).", true);
        assert_eq!(l.max_length, Some(32));
        assert_eq!(l.not_contains, vec![",".to_string()]);
        let l = limits("At most 64 bytes.", true);
        assert_eq!(l.max_length, None);
        assert_eq!(l.doubts.len(), 1);
    }

    #[test]
    fn array_limits() {
        assert_eq!(item_limits("IDs of the skill groups to try. A maximum of 5 skill groups."), (None, Some(5)));
        assert_eq!(item_limits("At least 1 tag, each at most 32 characters."), (Some(1), None));
    }

    #[test]
    fn integer_limits() {
        let l = limits("Number of returned entries, the maximum is 100, the default is 20.", false);
        assert_eq!((l.minimum, l.maximum), (None, Some(100)));
        let l = limits("The value ranges from 0 to 4294967295.", false);
        assert_eq!((l.minimum, l.maximum), (Some(0), Some(4294967295)));
        let l = limits("in the range of [1, 50]", false);
        assert_eq!((l.minimum, l.maximum), (Some(1), Some(50)));
    }

    #[test]
    fn defaults_and_examples() {
        assert_eq!(default("the maximum is 100, the default is 20.").as_deref(), Some("20"));
        assert_eq!(default("Offset of returned records, default is 0.").as_deref(), Some("0"));
        assert_eq!(default("Default is 2. Example value: 1").as_deref(), Some("2"));
        assert_eq!(default("By default the value is empty."), None);
        assert_eq!(default("The group follows the default policy."), None);
        assert_eq!(default("The default is Public.").as_deref(), Some("Public"));
        assert_eq!(default("Defaults to FreeAccess.").as_deref(), Some("FreeAccess"));
        assert_eq!(example("Default is 2. Example value: 1").as_deref(), Some("1"));
    }

    #[test]
    fn value_lists() {
        let v = values(
            "Account role for sending messages 1: User Message 2: Agent message 3: System management messages",
            true,
        )
        .unwrap();
        let got: Vec<(&str, &str)> = v.values.iter().map(|x| (x.value.as_str(), x.meaning.as_str())).collect();
        assert_eq!(got, [("1", "User Message"), ("2", "Agent message"), ("3", "System management messages")]);
        let v = values("1. From morning to evening; 2. From evening to morning. Default is 2. Example value: 1", true)
            .unwrap();
        let got: Vec<(&str, &str)> = v.values.iter().map(|x| (x.value.as_str(), x.meaning.as_str())).collect();
        assert_eq!(got, [("1", "From morning to evening"), ("2", "From evening to morning")]);
        let v = values("Message control type. The options are CONNECT, CHAT, TRANS2AGENT, and READ.", false).unwrap();
        let got: Vec<&str> = v.values.iter().map(|x| x.value.as_str()).collect();
        assert_eq!(got, ["CONNECT", "CHAT", "TRANS2AGENT", "READ"]);
        let v =
            values("Current status, valid values may include:\nNot in session\nChatbot: Bot.\nAgent: Human.", false)
                .unwrap();
        let got: Vec<(&str, bool)> = v.values.iter().map(|x| (x.value.as_str(), x.guessed)).collect();
        assert_eq!(got, [("NotInSession", true), ("Chatbot", false), ("Agent", false)]);
        let v = values("Message source type. Set this parameter to CUSTOMER.", false).unwrap();
        assert!(v.fixed);
        assert_eq!(v.values[0].value, "CUSTOMER");
        let v =
            values("When calling for the last time, this field is 1, indicating that the output has stopped.", true)
                .unwrap();
        assert_eq!((v.values[0].value.as_str(), v.values[0].meaning.as_str()), ("1", "the output has stopped"));
        assert_eq!(values("Error message.", false), None);
        assert_eq!(values("This value is used for paging.", false), None);
        assert_eq!(values("Session time, Unix millisecond-level timestamp.", true), None);
    }

    #[test]
    fn retryability() {
        assert_eq!(retryable("Network issue, please retry."), (true, None));
        assert_eq!(retryable("API rate limiting."), (true, None));
        assert!(!retryable("Illegal request parameters, please check and retry.").0);
        assert!(retryable("Illegal request parameters, please check and retry.").1.is_some());
        assert_eq!(retryable("Invalid parameter."), (false, None));
    }

    #[test]
    fn names() {
        assert_eq!(error_name("Invalid request packet"), "InvalidRequestPacket");
        assert_eq!(error_name("UserSig or A2 invalid"), "UserSigOrA2Invalid");
        assert_eq!(error_name("The UserID of the sender or recipient is invalid."), "UserIdOfSender");
        assert_eq!(error_name(""), "");
        assert_eq!(name_from_meaning("User Message"), "UserMessage");
        assert_eq!(name_from_meaning("the streaming output has stopped"), "StreamingOutputStopped");
    }

    #[test]
    fn other_readers() {
        assert_eq!(int_type("Enter a random 32-bit unsigned integer."), Some("u32"));
        assert!(holds_json("Data in JSON format, which is passed to the robot."));
        let sib = vec!["mediaType".to_string()];
        assert_eq!(depends_on("Message content, which varies depending on mediaType. Examples:", &sib), Some(&sib[0]));
        assert!(is_count("TotalCount", "Total Message Count"));
        assert!(!is_count("Timestamp", "Session time, Unix millisecond-level timestamp."));
    }
}
