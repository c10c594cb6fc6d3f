//! Records as JSON Lines: [`write_record`] writes one, [`JsonLines`] reads a
//! records file back a line at a time (for `verify`, `review` and
//! `--incremental`). Takes [`Record`]s; gives bytes to the records file.

use crate::record::Record;
use std::io::Write;
use std::path::Path;

/// Writes one record as a JSON line.
pub fn write_record<W: Write>(w: &mut W, r: &Record) -> std::io::Result<()> {
    serde_json::to_writer(&mut *w, r)?;
    w.write_all(b"\n")
}

/// A JSON Lines file read a line at a time (a records file may be gigabytes):
/// each line that is not blank, with its 1-based number and byte range.
pub struct JsonLines<R> {
    reader: R,
    buf: Vec<u8>,
    number: usize,
    at: u64,
}

/// One line of a [`JsonLines`] file, its `\n` included.
pub struct JsonLine<'a> {
    /// 1-based line number.
    pub number: usize,
    /// Byte offset of its first byte.
    pub start: u64,
    /// One past its last byte (the `\n`, when there is one).
    pub end: u64,
    /// The line.
    pub bytes: &'a [u8],
}

impl JsonLines<std::io::BufReader<std::fs::File>> {
    /// Opens a file.
    pub fn open(path: &Path) -> std::io::Result<Self> {
        let f = std::fs::File::open(path)?;
        Ok(JsonLines::new(std::io::BufReader::with_capacity(
            1 << 16,
            f,
        )))
    }
}

impl<R: std::io::BufRead> JsonLines<R> {
    /// Reads from `reader`.
    pub fn new(reader: R) -> Self {
        JsonLines {
            reader,
            buf: Vec::new(),
            number: 0,
            at: 0,
        }
    }

    /// The next line that is not blank, or `None` at the end.
    pub fn next_line(&mut self) -> std::io::Result<Option<JsonLine<'_>>> {
        loop {
            self.buf.clear();
            let n = self.reader.read_until(b'\n', &mut self.buf)?;
            if n == 0 {
                return Ok(None);
            }
            self.number += 1;
            let start = self.at;
            self.at += n as u64;
            if !self.buf.iter().all(u8::is_ascii_whitespace) {
                return Ok(Some(JsonLine {
                    number: self.number,
                    start,
                    end: self.at,
                    bytes: &self.buf,
                }));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn json_lines_skip_blank_lines_and_keep_numbers_and_offsets() {
        let text = "{\"a\":1}\n\n  \n{\"b\":2}\n{\"c\":3}";
        let mut lines = super::JsonLines::new(text.as_bytes());
        let mut got = Vec::new();
        while let Some(l) = lines.next_line().unwrap() {
            got.push((
                l.number,
                l.start,
                l.end,
                String::from_utf8(l.bytes.to_vec()).unwrap(),
            ));
        }
        assert_eq!(
            got,
            [
                (1, 0, 8, "{\"a\":1}\n".to_string()),
                (4, 12, 20, "{\"b\":2}\n".to_string()),
                (5, 20, 27, "{\"c\":3}".to_string()),
            ]
        );
    }
}
