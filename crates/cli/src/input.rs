//! What the user gives: `--data` (JSON, `@file` or `-`) and the text streamed from stdin.

use std::cell::RefCell;
use std::io::Read as _;
use std::rc::Rc;

use futures_util::Stream;
use tokio::io::AsyncReadExt as _;

use crate::exit::Exit;

/// The JSON of `--data`: the text itself, `@FILE`, or `-` for stdin (`{}` when absent).
pub fn data(arg: Option<&str>) -> Result<serde_json::Value, Exit> {
    let (text, origin) = match arg {
        None => return Ok(serde_json::Value::Object(serde_json::Map::new())),
        Some("-") => {
            let mut text = String::new();
            std::io::stdin()
                .read_to_string(&mut text)
                .map_err(|e| Exit::usage(format!("cannot read --data from stdin: {e}")))?;
            (text, "stdin".to_string())
        }
        Some(arg) => match arg.strip_prefix('@') {
            Some(path) => {
                let text = std::fs::read_to_string(path)
                    .map_err(|e| Exit::usage(format!("cannot read --data file {path}: {e}")))?;
                (text, path.to_string())
            }
            None => (arg.to_string(), "--data".to_string()),
        },
    };
    serde_json::from_str(&text).map_err(|e| Exit::usage(format!("{origin} is not valid JSON: {e}")))
}

/// Decodes what has arrived: the complete UTF-8 text of `bytes` (an invalid sequence becomes
/// U+FFFD), leaving in `bytes` a character cut at the end, unless `end`.
fn take_text(bytes: &mut Vec<u8>, end: bool) -> String {
    let mut text = String::new();
    loop {
        match std::str::from_utf8(bytes) {
            Ok(s) => {
                text.push_str(s);
                bytes.clear();
                return text;
            }
            Err(e) => {
                let valid = e.valid_up_to();
                text.push_str(std::str::from_utf8(&bytes[..valid]).unwrap_or_default());
                match e.error_len() {
                    Some(bad) => {
                        text.push(char::REPLACEMENT_CHARACTER);
                        bytes.drain(..valid + bad);
                    }
                    None if end => {
                        text.push(char::REPLACEMENT_CHARACTER);
                        bytes.clear();
                        return text;
                    }
                    None => {
                        bytes.drain(..valid);
                        return text;
                    }
                }
            }
        }
    }
}

/// Stdin as text pieces, each what one read returned (newlines kept), as it arrives. A read error
/// ends the pieces and is left in `error`.
pub fn stdin_pieces(error: Rc<RefCell<Option<std::io::Error>>>) -> impl Stream<Item = String> {
    let state = (tokio::io::stdin(), Vec::<u8>::new(), false);
    futures_util::stream::unfold(state, move |(mut stdin, mut pending, done)| {
        let error = Rc::clone(&error);
        async move {
            if done {
                return None;
            }
            let mut buf = [0u8; 8192];
            loop {
                match stdin.read(&mut buf).await {
                    Ok(0) => {
                        let text = take_text(&mut pending, true);
                        return (!text.is_empty()).then_some((text, (stdin, pending, true)));
                    }
                    Ok(n) => {
                        pending.extend_from_slice(&buf[..n]);
                        let text = take_text(&mut pending, false);
                        if !text.is_empty() {
                            return Some((text, (stdin, pending, false)));
                        }
                    }
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                    Err(e) => {
                        *error.borrow_mut() = Some(e);
                        return None;
                    }
                }
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::take_text;

    #[test]
    fn text_is_cut_on_character_boundaries() {
        let bytes = "héllo".as_bytes();
        let mut pending = bytes[..2].to_vec();
        assert_eq!(take_text(&mut pending, false), "h");
        assert_eq!(pending, [0xC3]);
        pending.extend_from_slice(&bytes[2..]);
        assert_eq!(take_text(&mut pending, false), "éllo");
        assert!(pending.is_empty());
    }

    #[test]
    fn invalid_bytes_become_replacement_characters() {
        let mut pending = vec![b'a', 0xFF, b'b', 0xC3];
        assert_eq!(take_text(&mut pending, false), "a\u{FFFD}b");
        assert_eq!(take_text(&mut pending, true), "\u{FFFD}");
    }
}
