//! Spec source files and positions in them.

use std::path::PathBuf;

/// Index of a file in a [`Sources`] set.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileId(pub usize);

/// One spec file, as read.
#[derive(Clone, Debug)]
pub struct SourceFile {
    /// Its id in the set.
    pub id: FileId,
    /// The path shown in diagnostics (as given, e.g. `spec/desk.yaml`).
    pub path: PathBuf,
    /// The whole text.
    pub text: String,
    /// Byte offset of each character, only for non-ASCII text (ASCII maps one to one).
    char_bytes: Option<Vec<usize>>,
}

impl SourceFile {
    /// Byte offset of the `index`-th character (the YAML parser counts characters).
    pub fn byte_of_char(&self, index: usize) -> usize {
        match &self.char_bytes {
            None => index.min(self.text.len()),
            Some(table) => table.get(index).copied().unwrap_or(self.text.len()),
        }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, byte: usize) -> (usize, usize) {
        let byte = byte.min(self.text.len());
        let before = &self.text[..byte];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        (line, before[line_start..].chars().count() + 1)
    }
}

/// Every file of one spec.
#[derive(Clone, Debug, Default)]
pub struct Sources {
    files: Vec<SourceFile>,
}

impl Sources {
    /// Adds a file and returns its id.
    pub fn add(&mut self, path: impl Into<PathBuf>, text: impl Into<String>) -> FileId {
        let id = FileId(self.files.len());
        let text = text.into();
        let char_bytes = (!text.is_ascii()).then(|| text.char_indices().map(|(b, _)| b).collect());
        self.files.push(SourceFile { id, path: path.into(), text, char_bytes });
        id
    }

    /// The file with this id.
    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0]
    }

    /// All files, in the order added.
    pub fn iter(&self) -> impl Iterator<Item = &SourceFile> {
        self.files.iter()
    }

    /// How many files there are.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}
