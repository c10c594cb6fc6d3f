//! Decoding: which encoding a file's bytes are in (BOMs, UTF-8, UTF-16
//! without a BOM, Windows-1258, TCVN3, VNI), and the text they decode to.
//!
//! Takes bytes, gives [`Decoded`] (the text, its [`SourceMap`] back to the
//! original bytes, the encoding and a note when the guess is unsure) or a
//! [`Refusal`]. Hands on to [`crate::ingest`], which makes the `Document`.

use super::Refusal;

/// Maps byte offsets of decoded text back to byte offsets of the original file.
#[derive(Clone, Debug)]
pub enum SourceMap {
    /// Decoded text is the original bytes shifted by this many bytes (UTF-8, BOM).
    Shift(usize),
    /// One entry per decoded byte plus one: the original offset of that byte's
    /// character start (the last entry is the file length).
    Table(Vec<u32>),
}

impl SourceMap {
    /// The original offset of decoded byte `i` (a char boundary, or the end).
    pub fn orig(&self, i: usize) -> usize {
        match self {
            SourceMap::Shift(k) => i + k,
            SourceMap::Table(t) => t[i] as usize,
        }
    }
}

/// How a file's bytes were decoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8 without BOM.
    Utf8,
    /// UTF-8 with a byte-order mark.
    Utf8Bom,
    /// UTF-8 with a few invalid bytes, each read as U+FFFD.
    Utf8Lossy,
    /// UTF-16 little-endian with BOM.
    Utf16Le,
    /// UTF-16 big-endian with BOM.
    Utf16Be,
    /// UTF-16 little-endian detected without a BOM.
    Utf16LeNoBom,
    /// UTF-16 big-endian detected without a BOM.
    Utf16BeNoBom,
    /// TCVN3 (ABC), a legacy Vietnamese 8-bit encoding.
    Tcvn3,
    /// VNI-Windows, a legacy Vietnamese 8-bit encoding.
    Vni,
    /// Windows-1258 (Vietnamese code page).
    Windows1258,
}

impl Encoding {
    /// The name written into the manifest.
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Utf8Bom => "utf-8-bom",
            Encoding::Utf8Lossy => "utf-8-lossy",
            Encoding::Utf16Le => "utf-16le",
            Encoding::Utf16Be => "utf-16be",
            Encoding::Utf16LeNoBom => "utf-16le (no BOM, detected)",
            Encoding::Utf16BeNoBom => "utf-16be (no BOM, detected)",
            Encoding::Windows1258 => "windows-1258",
            Encoding::Tcvn3 => "tcvn3",
            Encoding::Vni => "vni-windows",
        }
    }
}

impl Encoding {
    /// Every encoding.
    pub const ALL: [Encoding; 10] = [
        Encoding::Utf8,
        Encoding::Utf8Bom,
        Encoding::Utf8Lossy,
        Encoding::Utf16Le,
        Encoding::Utf16Be,
        Encoding::Utf16LeNoBom,
        Encoding::Utf16BeNoBom,
        Encoding::Tcvn3,
        Encoding::Vni,
        Encoding::Windows1258,
    ];

    /// The encoding a manifest names.
    pub fn from_name(name: &str) -> Option<Encoding> {
        Encoding::ALL.into_iter().find(|e| e.name() == name)
    }

    /// Encodings that decode any slice of bytes alike share a family (UTF-8
    /// with or without BOM, or lossy).
    pub fn family(self) -> Encoding {
        match self {
            Encoding::Utf8 | Encoding::Utf8Bom | Encoding::Utf8Lossy => Encoding::Utf8,
            Encoding::Utf16Le | Encoding::Utf16LeNoBom => Encoding::Utf16Le,
            Encoding::Utf16Be | Encoding::Utf16BeNoBom => Encoding::Utf16Be,
            e => e,
        }
    }
}

/// Decoded text with its map back to the original bytes.
#[derive(Clone, Debug)]
pub struct Decoded {
    /// The text, as decoded (not normalized).
    pub text: String,
    /// Decoded offsets → original offsets.
    pub map: SourceMap,
    /// The encoding that was used.
    pub encoding: Encoding,
    /// Set when the encoding was a guess the detector is unsure of.
    pub note: Option<String>,
}

/// Decodes bytes: BOMs first, then UTF-8, then Windows-1258.
///
/// Binary input (NUL bytes without a UTF-16 BOM) is skipped; bytes that are
/// neither UTF-8 nor plausible Windows-1258 text fail.
pub fn decode(bytes: &[u8]) -> Result<Decoded, Refusal> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return match std::str::from_utf8(rest) {
            Ok(t) => Ok(Decoded {
                text: t.to_string(),
                map: SourceMap::Shift(3),
                encoding: Encoding::Utf8Bom,
                note: None,
            }),
            Err(_) => lossy_utf8(bytes, 3),
        };
    }
    if let Some(kind) = binary_magic(bytes) {
        return Err(Refusal::Skipped(format!("binary file ({kind})")));
    }
    if bytes.starts_with(b"\xFF\xFE") {
        return utf16(bytes, false);
    }
    if bytes.starts_with(b"\xFE\xFF") {
        return utf16(bytes, true);
    }
    if bytes.contains(&0) {
        // UTF-16 without a BOM: text whose every other byte is mostly zero.
        if let Some(big_endian) = utf16_without_bom(bytes) {
            let mut with_bom = if big_endian {
                vec![0xFE, 0xFF]
            } else {
                vec![0xFF, 0xFE]
            };
            with_bom.extend_from_slice(bytes);
            // Only text in Latin and Vietnamese ranges counts as UTF-16 text.
            let plausible = |d: &Decoded| {
                let n = d.text.chars().count().max(1);
                let latin = d
                    .text
                    .chars()
                    .filter(|&c| {
                        let u = c as u32;
                        u < 0x250 || (0x1E00..0x1F00).contains(&u) || (0x2000..0x2070).contains(&u)
                    })
                    .count();
                latin * 10 >= n * 9
            };
            if let Some(mut d) = utf16(&with_bom, big_endian).ok().filter(plausible) {
                if let SourceMap::Table(t) = &mut d.map {
                    for v in t.iter_mut() {
                        *v -= 2;
                    }
                }
                d.encoding = if big_endian {
                    Encoding::Utf16BeNoBom
                } else {
                    Encoding::Utf16LeNoBom
                };
                return Ok(d);
            }
        }
        return Err(Refusal::Skipped("binary file (contains NUL bytes)".into()));
    }
    match std::str::from_utf8(bytes) {
        Ok(t) => Ok(Decoded {
            text: t.to_string(),
            map: SourceMap::Shift(0),
            encoding: Encoding::Utf8,
            note: None,
        }),
        Err(_) => {
            // Mostly UTF-8 with a few bad bytes: keep it as UTF-8.
            let (good_multibyte, bad) = utf8_stats(bytes);
            if good_multibyte > 0 && bad <= good_multibyte {
                return lossy_utf8(bytes, 0);
            }
            legacy(bytes)
        }
    }
}

/// The kind of a binary file recognised by its first bytes.
pub(super) fn binary_magic(bytes: &[u8]) -> Option<&'static str> {
    const MAGIC: &[(&[u8], &str)] = &[
        (b"%PDF-", "PDF"),
        (b"PK\x03\x04", "ZIP or office document"),
        (b"\x89PNG\r\n\x1a\n", "PNG"),
        (b"\xFF\xD8\xFF", "JPEG"),
        (b"GIF87a", "GIF"),
        (b"GIF89a", "GIF"),
        (b"\x1F\x8B", "gzip"),
        (b"\xD0\xCF\x11\xE0", "legacy office document"),
        (b"\x7FELF", "executable"),
    ];
    MAGIC
        .iter()
        .find(|(m, _)| bytes.starts_with(m))
        .map(|(_, k)| *k)
}

/// `Some(big_endian)` when the bytes look like UTF-16 text without a BOM.
fn utf16_without_bom(bytes: &[u8]) -> Option<bool> {
    if bytes.len() < 4 || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let half = bytes.len() / 2;
    let even = bytes.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd = bytes.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
    if odd * 10 >= half * 3 && even * 20 < half {
        Some(false)
    } else if even * 10 >= half * 3 && odd * 20 < half {
        Some(true)
    } else {
        None
    }
}

/// Counts valid multi-byte UTF-8 sequences and invalid bytes.
pub(super) fn utf8_stats(bytes: &[u8]) -> (usize, usize) {
    let (mut good, mut bad) = (0, 0);
    for chunk in bytes.utf8_chunks() {
        good += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        bad += chunk.invalid().len();
    }
    (good, bad)
}

fn lossy_utf8(bytes: &[u8], skip: usize) -> Result<Decoded, Refusal> {
    let mut text = String::with_capacity(bytes.len());
    let mut table = Vec::with_capacity(bytes.len() + 1);
    let mut pos = skip;
    for chunk in bytes[skip..].utf8_chunks() {
        for c in chunk.valid().chars() {
            for _ in 0..c.len_utf8() {
                table.push(pos as u32);
            }
            text.push(c);
            pos += c.len_utf8();
        }
        for _ in chunk.invalid() {
            for _ in 0..3 {
                table.push(pos as u32);
            }
            text.push('\u{FFFD}');
            pos += 1;
        }
    }
    table.push(pos as u32);
    Ok(Decoded {
        text,
        map: SourceMap::Table(table),
        encoding: Encoding::Utf8Lossy,
        note: None,
    })
}

fn utf16(bytes: &[u8], big_endian: bool) -> Result<Decoded, Refusal> {
    let body = &bytes[2..];
    if !body.len().is_multiple_of(2) {
        return Err(Refusal::Failed(
            "UTF-16 text with an odd number of bytes (cut short)".into(),
        ));
    }
    let units = body.chunks_exact(2).map(|p| {
        if big_endian {
            u16::from_be_bytes([p[0], p[1]])
        } else {
            u16::from_le_bytes([p[0], p[1]])
        }
    });
    let mut text = String::with_capacity(body.len());
    let mut table = Vec::with_capacity(body.len() + 1);
    let mut pos = 2usize;
    for r in char::decode_utf16(units) {
        let c = r.map_err(|e| {
            Refusal::Failed(format!(
                "invalid UTF-16: unpaired surrogate {:04X} at byte {pos}",
                e.unpaired_surrogate()
            ))
        })?;
        for _ in 0..c.len_utf8() {
            table.push(pos as u32);
        }
        text.push(c);
        pos += c.len_utf16() * 2;
    }
    table.push(pos as u32);
    Ok(Decoded {
        text,
        map: SourceMap::Table(table),
        encoding: if big_endian {
            Encoding::Utf16Be
        } else {
            Encoding::Utf16Le
        },
        note: None,
    })
}

/// Bytes that are not UTF-8: Windows-1258, TCVN3 or VNI-Windows, whichever
/// reads most like Vietnamese.
fn legacy(bytes: &[u8]) -> Result<Decoded, Refusal> {
    use super::legacy::{decode_tcvn3, decode_vni, vietnamese_score, Piece};
    let from_pieces = |p: Vec<Piece>, encoding: Encoding| {
        let mut text = String::with_capacity(p.len() + 16);
        let mut table = Vec::with_capacity(p.len() + 16);
        for (c, a, _) in &p {
            for _ in 0..c.len_utf8() {
                table.push(*a as u32);
            }
            text.push(*c);
        }
        table.push(bytes.len() as u32);
        Decoded {
            text,
            map: SourceMap::Table(table),
            encoding,
            note: None,
        }
    };
    let mut candidates: Vec<Decoded> = Vec::new();
    if let Ok(d) = windows_1258(bytes) {
        candidates.push(d);
    }
    candidates.push(from_pieces(decode_tcvn3(bytes), Encoding::Tcvn3));
    candidates.push(from_pieces(decode_vni(bytes), Encoding::Vni));
    let mut scored: Vec<(f64, Decoded)> = candidates
        .into_iter()
        .map(|d| (vietnamese_score(&d.text), d))
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    let mut it = scored.into_iter();
    let Some((best, mut d)) = it.next() else {
        return Err(Refusal::Failed(
            "not UTF-8, and not a known Vietnamese encoding".into(),
        ));
    };
    let second = it.next().map(|x| x.0).unwrap_or(0.0);
    if best < 2.0 {
        if d.encoding != Encoding::Windows1258 {
            return Err(Refusal::Failed(
                "not UTF-8, and not plausible Vietnamese text in Windows-1258, TCVN3 or VNI".into(),
            ));
        }
        d.note = Some("encoding unsure: not UTF-8; read as Windows-1258, but the text does not read as Vietnamese".into());
    } else if best < second * 1.5 {
        d.note = Some(format!(
            "encoding unsure: {} chosen over a close second",
            d.encoding.name()
        ));
    }
    Ok(d)
}

fn windows_1258(bytes: &[u8]) -> Result<Decoded, Refusal> {
    let (cow, had_errors) = encoding_rs::WINDOWS_1258.decode_without_bom_handling(bytes);
    let controls = cow
        .chars()
        .filter(|&c| {
            (c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\x0C')) || c == '\u{FFFD}'
        })
        .count();
    if had_errors || controls * 100 > bytes.len().max(1) {
        return Err(Refusal::Failed(
            "not UTF-8, and not plausible Windows-1258 text".into(),
        ));
    }
    // Windows-1258 is a single-byte code page: char k comes from byte k.
    let mut table = Vec::with_capacity(cow.len() + 1);
    for (k, c) in cow.chars().enumerate() {
        for _ in 0..c.len_utf8() {
            table.push(k as u32);
        }
    }
    table.push(bytes.len() as u32);
    Ok(Decoded {
        text: cow.into_owned(),
        map: SourceMap::Table(table),
        encoding: Encoding::Windows1258,
        note: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_bom_shifts_by_three() {
        let d = decode("\u{FEFF}61%".as_bytes()).unwrap();
        assert_eq!(d.text, "61%");
        assert_eq!(d.map.orig(0), 3);
        assert_eq!(d.encoding, Encoding::Utf8Bom);
    }

    #[test]
    fn utf16_maps_back_to_original_bytes() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "đạt 61%".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        let d = decode(&bytes).unwrap();
        assert_eq!(d.text, "đạt 61%");
        let i = d.text.find("61").unwrap();
        assert_eq!(d.map.orig(i), 2 + 4 * 2);
        assert_eq!(d.map.orig(d.text.len()), bytes.len());
    }

    #[test]
    fn windows_1258_is_one_byte_per_char() {
        // "Tỷ lệ đạt 61%" with tone marks as combining bytes (0xD2 hook, 0xF2 dot below).
        let bytes = b"Ty\xD2 l\xEA\xF2 \xF0a\xF2t 61%".to_vec();
        let d = decode(&bytes).unwrap();
        assert_eq!(d.encoding, Encoding::Windows1258);
        let i = d.text.find("61").unwrap();
        assert_eq!(&bytes[d.map.orig(i)..d.map.orig(i) + 3], b"61%");
    }

    #[test]
    fn utf16_without_bom_is_detected() {
        let mut bytes = Vec::new();
        for u in "Tỷ lệ đạt 61% trong năm".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        let d = decode(&bytes).unwrap();
        assert_eq!(d.encoding, Encoding::Utf16LeNoBom);
        let i = d.text.find("61").unwrap();
        assert_eq!(d.map.orig(i), "Tỷ lệ đạt ".encode_utf16().count() * 2);
    }

    #[test]
    fn legacy_encodings_are_detected() {
        let vni = b"Ty\xfb le\xe4 ng\xf6\xf4\xf8i da\xe2n co\xf9 \xf1ie\xe4n thoa\xefi tho\xe2ng minh cu\xfba t\xe6nh \xf1a\xeft 61% va\xf8 ca\xf9c huye\xe4n \xf1a\xeft 50%.";
        let d = decode(vni).unwrap();
        assert_eq!(d.encoding, Encoding::Vni);
        assert!(
            d.text.contains("điện thoại thông minh của tỉnh đạt 61%"),
            "{}",
            d.text
        );
        let i = d.text.find("61%").unwrap();
        assert_eq!(&vni[d.map.orig(i)..d.map.orig(i + 3)], b"61%");
        let tcvn = crate::ingest::legacy::encode_tcvn3(
            "tỷ lệ người dân có điện thoại thông minh của tỉnh đạt 61% và các huyện đạt 50%.",
        )
        .unwrap();
        let tcvn = tcvn.as_slice();
        let d = decode(tcvn).unwrap();
        assert_eq!(d.encoding, Encoding::Tcvn3, "{}", d.text);
        assert!(d.text.contains("của tỉnh đạt 61%"), "{}", d.text);
    }

    #[test]
    fn nul_bytes_are_binary() {
        assert!(matches!(
            decode(b"PK\x03\x04\0\0"),
            Err(Refusal::Skipped(_))
        ));
    }

    #[test]
    fn a_few_bad_bytes_stay_utf8() {
        let mut b = "Tỷ lệ người dân đạt 61% và hộ gia đình đạt 50%"
            .as_bytes()
            .to_vec();
        b.insert(5, 0xFF);
        let d = decode(&b).unwrap();
        assert_eq!(d.encoding, Encoding::Utf8Lossy);
        let i = d.text.find("61%").unwrap();
        assert_eq!(&b[d.map.orig(i)..d.map.orig(i + 3)], b"61%");
    }
}
