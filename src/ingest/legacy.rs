//! Legacy Vietnamese 8-bit encodings that old sites and office documents still
//! carry, decoded with tables of our own (no permissive crate covers them):
//!
//! - **TCVN3 (ABC)**: one byte per letter; the upper half of the byte range
//!   holds the precomposed lower-case letters (capitals were a second font
//!   with the same codes, so they read as lower case);
//! - **VNI-Windows**: a base letter followed by a byte for its diacritics
//!   ("a" + 0xF9 = "á"), plus a few one-byte letters (đ, ơ, ư, ì, í …).
//!
//! Each decoder keeps, for every decoded char, the original byte range it
//! came from, so citations still count original bytes.
//!
//! Takes bytes, gives [`Piece`]s and a score of how Vietnamese a decoding
//! reads. Hands on to the decoder in [`crate::ingest`], which picks the
//! encoding, and to [`crate::cite`], which reads a quote's bytes again.

/// TCVN3 bytes 0x80..=0xFF → Unicode (TCVN 5712 VN3 layout).
const TCVN3_HIGH: [u16; 128] = [
    0x00C0, 0x1EA2, 0x00C3, 0x00C1, 0x1EA0, 0x1EB6, 0x1EAC, 0x00C8, 0x1EBA, 0x1EBC, 0x00C9, 0x1EB8,
    0x1EC6, 0x00CC, 0x1EC8, 0x0128, 0x00CD, 0x1ECA, 0x00D2, 0x1ECE, 0x00D5, 0x00D3, 0x1ECC, 0x1ED8,
    0x1EDC, 0x1EDE, 0x1EE0, 0x1EDA, 0x1EE2, 0x00D9, 0x1EE6, 0x0168, 0x00A0, 0x0102, 0x00C2, 0x00CA,
    0x00D4, 0x01A0, 0x01AF, 0x0110, 0x0103, 0x00E2, 0x00EA, 0x00F4, 0x01A1, 0x01B0, 0x0111, 0x1EB0,
    0x0300, 0x0309, 0x0303, 0x0301, 0x0323, 0x00E0, 0x1EA3, 0x00E3, 0x00E1, 0x1EA1, 0x1EB2, 0x1EB1,
    0x1EB3, 0x1EB5, 0x1EAF, 0x1EB4, 0x1EAE, 0x1EA6, 0x1EA8, 0x1EAA, 0x1EA4, 0x1EC0, 0x1EB7, 0x1EA7,
    0x1EA9, 0x1EAB, 0x1EA5, 0x1EAD, 0x00E8, 0x1EC2, 0x1EBB, 0x1EBD, 0x00E9, 0x1EB9, 0x1EC1, 0x1EC3,
    0x1EC5, 0x1EBF, 0x1EC7, 0x00EC, 0x1EC9, 0x1EC4, 0x1EBE, 0x1ED2, 0x0129, 0x00ED, 0x1ECB, 0x00F2,
    0x1ED4, 0x1ECF, 0x00F5, 0x00F3, 0x1ECD, 0x1ED3, 0x1ED5, 0x1ED7, 0x1ED1, 0x1ED9, 0x1EDD, 0x1EDF,
    0x1EE1, 0x1EDB, 0x1EE3, 0x00F9, 0x1ED6, 0x1EE7, 0x0169, 0x00FA, 0x1EE5, 0x1EEB, 0x1EED, 0x1EEF,
    0x1EE9, 0x1EF1, 0x1EF3, 0x1EF7, 0x1EF9, 0x00FD, 0x1EF5, 0x1ED0,
];

/// A decoded char and the original bytes `start..end` it stands for.
pub type Piece = (char, usize, usize);

/// Decodes TCVN3 bytes.
pub fn decode_tcvn3(bytes: &[u8]) -> Vec<Piece> {
    bytes
        .iter()
        .enumerate()
        .map(|(i, &b)| {
            let c = if b < 0x80 {
                b as char
            } else {
                char::from_u32(TCVN3_HIGH[(b - 0x80) as usize] as u32).unwrap_or('\u{FFFD}')
            };
            (c, i, i + 1)
        })
        .collect()
}

const GRAVE: char = '\u{0300}';
const ACUTE: char = '\u{0301}';
const TILDE: char = '\u{0303}';
const HOOK: char = '\u{0309}';
const DOT: char = '\u{0323}';
const CIRC: char = '\u{0302}';
const BREVE: char = '\u{0306}';

/// What a VNI modifier byte adds: (shape mark, tone mark).
fn vni_modifier(b: u8) -> Option<(Option<char>, Option<char>)> {
    Some(match b {
        0xF8 | 0xD8 => (None, Some(GRAVE)),
        0xF9 | 0xD9 => (None, Some(ACUTE)),
        0xFB | 0xDB => (None, Some(HOOK)),
        0xF5 | 0xD5 => (None, Some(TILDE)),
        0xEF | 0xCF => (None, Some(DOT)),
        0xE2 | 0xC2 => (Some(CIRC), None),
        0xE0 | 0xC0 => (Some(CIRC), Some(GRAVE)),
        0xE1 | 0xC1 => (Some(CIRC), Some(ACUTE)),
        0xE5 | 0xC5 => (Some(CIRC), Some(HOOK)),
        0xE3 | 0xC3 => (Some(CIRC), Some(TILDE)),
        0xE4 | 0xC4 => (Some(CIRC), Some(DOT)),
        0xEA | 0xCA => (Some(BREVE), None),
        0xE8 | 0xC8 => (Some(BREVE), Some(GRAVE)),
        0xE9 | 0xC9 => (Some(BREVE), Some(ACUTE)),
        0xFA | 0xDA => (Some(BREVE), Some(HOOK)),
        0xFC | 0xDC => (Some(BREVE), Some(TILDE)),
        0xEB | 0xCB => (Some(BREVE), Some(DOT)),
        _ => return None,
    })
}

/// VNI one-byte letters.
fn vni_letter(b: u8) -> Option<char> {
    Some(match b {
        0xF1 => 'đ',
        0xD1 => 'Đ',
        0xF4 => 'ơ',
        0xD4 => 'Ơ',
        0xF6 => 'ư',
        0xD6 => 'Ư',
        0xEC => 'ì',
        0xCC => 'Ì',
        0xED => 'í',
        0xCD => 'Í',
        0xE6 => 'ỉ',
        0xC6 => 'Ỉ',
        0xF3 => 'ĩ',
        0xD3 => 'Ĩ',
        0xF2 => 'ị',
        0xD2 => 'Ị',
        0xEE => 'ỵ',
        0xCE => 'Ỵ',
        _ => return None,
    })
}

fn with_marks(base: char, shape: Option<char>, tone: Option<char>) -> Option<char> {
    use unicode_normalization::UnicodeNormalization;
    let s: String = std::iter::once(base).chain(shape).chain(tone).collect();
    let mut composed = s.nfc();
    let c = composed.next()?;
    composed.next().is_none().then_some(c)
}

/// Encodes NFC text as TCVN3 (lower-case letters; for tests and sample files).
pub fn encode_tcvn3(text: &str) -> Option<Vec<u8>> {
    text.chars()
        .map(|c| {
            if (c as u32) < 0x80 {
                Some(c as u8)
            } else {
                TCVN3_HIGH
                    .iter()
                    .position(|&u| u as u32 == c as u32)
                    .map(|k| 0x80 + k as u8)
            }
        })
        .collect()
}

/// Decodes VNI-Windows bytes; a modifier that fits no base letter is read as
/// Windows-1252 (what VNI text shows without its font).
pub fn decode_vni(bytes: &[u8]) -> Vec<Piece> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let base = if b < 0x80 {
            Some(b as char)
        } else {
            vni_letter(b)
        };
        if let Some(base) = base {
            if let Some((shape, tone)) = bytes.get(i + 1).and_then(|&m| vni_modifier(m)) {
                let shape_ok = match shape {
                    Some(CIRC) => matches!(base, 'a' | 'e' | 'o' | 'A' | 'E' | 'O'),
                    Some(_) => matches!(base, 'a' | 'A'),
                    None => true,
                };
                if base.is_alphabetic() && shape_ok {
                    if let Some(c) = with_marks(base, shape, tone) {
                        out.push((c, i, i + 2));
                        i += 2;
                        continue;
                    }
                }
            }
            out.push((base, i, i + 1));
        } else {
            let (s, _, _) = encoding_rs::WINDOWS_1252.decode(&bytes[i..i + 1]);
            out.push((s.chars().next().unwrap_or('\u{FFFD}'), i, i + 1));
        }
        i += 1;
    }
    out
}

/// Common Vietnamese words, to judge which decoding reads as Vietnamese.
const COMMON: &[&str] = &[
    "của", "và", "các", "được", "trong", "người", "năm", "đã", "có", "là", "những", "tỉnh", "với",
    "cho", "này", "đến", "số", "một", "không", "theo", "thực", "hiện", "dân", "đạt", "tỷ", "lệ",
    "chuyển", "đổi",
];

/// How Vietnamese a decoded text reads: common words per 100 words.
pub fn vietnamese_score(text: &str) -> f64 {
    use unicode_normalization::UnicodeNormalization;
    let t: String = text.nfc().collect::<String>().to_lowercase();
    let words: Vec<&str> = t
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .collect();
    if words.is_empty() {
        return 0.0;
    }
    let hits = words.iter().filter(|w| COMMON.contains(w)).count();
    100.0 * hits as f64 / words.len() as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(p: &[Piece]) -> String {
        p.iter().map(|x| x.0).collect()
    }

    #[test]
    fn tcvn3_reads_vietnamese() {
        // "Bảo Thắng đạt 61%" in TCVN3.
        let bytes = b"B\xb6o Th\xbeng \xae\xb9t 61%";
        assert_eq!(text(&decode_tcvn3(bytes)), "Bảo Thắng đạt 61%");
    }

    #[test]
    fn vni_reads_vietnamese_with_byte_ranges() {
        // "Việt Nam đạt 61%" in VNI-Windows: "Vie\xe4t Nam \xf1a\xefït 61%".
        let bytes = b"Vie\xe4t Nam \xf1a\xeft 61%";
        let p = decode_vni(bytes);
        assert_eq!(text(&p), "Việt Nam đạt 61%");
        let e = p.iter().find(|x| x.0 == 'ệ').unwrap();
        assert_eq!((e.1, e.2), (2, 4));
        // Uppercase with uppercase marks, ư and ơ with tones.
        assert_eq!(
            text(&decode_vni(b"TP. HO\xc0 CH\xcd MINH, ng\xf6\xf4\xf8i")),
            "TP. HỒ CHÍ MINH, người"
        );
    }

    #[test]
    fn the_right_decoding_scores_highest() {
        let vni = b"Ty\xfb le\xe4 ng\xf6\xf4\xf8i da\xe2n co\xf9 \xf1ie\xe4n thoa\xefi tho\xe2ng minh \xf1a\xeft 61% va\xf8 ca\xf9c ti\xe3nh";
        let as_vni = vietnamese_score(&text(&decode_vni(vni)));
        let as_tcvn = vietnamese_score(&text(&decode_tcvn3(vni)));
        assert!(as_vni > as_tcvn, "{as_vni} vs {as_tcvn}");
    }
}
