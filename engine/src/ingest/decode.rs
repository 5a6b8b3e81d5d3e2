//! Text in the encodings Chinese sites export: UTF-8, GBK/GB18030 (and GB2312, which GBK
//! covers), Big5, UTF-16. In order: a byte-order mark; `--encoding NAME`; for HTML, the
//! charset the page declares (`<meta charset="gb2312">`, an XML declaration); valid UTF-8;
//! else what `chardetng` detects, when that is GBK, GB18030 or Big5 and decodes without a
//! malformed sequence; else UTF-8 with the bad bytes replaced (reported).

use encoding_rs::{Encoding, BIG5, GB18030, GBK, UTF_8};

/// Bytes looked at to detect an encoding.
const DETECT_BYTES: usize = 1 << 20;

/// How the encoding was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum How {
    /// A byte-order mark.
    Bom,
    /// `--encoding`.
    Given,
    /// The page's declared charset.
    Declared,
    /// Valid UTF-8, or nothing better found.
    Utf8,
    /// Detected from the bytes.
    Detected,
}

/// A decoded file.
#[derive(Debug)]
pub struct Decoded {
    pub text: String,
    pub encoding: &'static Encoding,
    pub how: How,
    /// Malformed sequences were replaced with U+FFFD.
    pub replaced: bool,
}

/// The charset an HTML or XML document declares in its first 4 KB: `charset=…` of a `<meta>`
/// tag, or `encoding="…"` of an XML declaration.
fn declared(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(4096)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    for key in [&b"charset="[..], &b"encoding="[..]] {
        let Some(at) = lower.windows(key.len()).position(|w| w == key) else {
            continue;
        };
        let rest = &lower[at + key.len()..];
        let rest = rest
            .strip_prefix(b"\"")
            .or_else(|| rest.strip_prefix(b"'"))
            .unwrap_or(rest);
        let end = rest
            .iter()
            .position(|b| matches!(b, b'"' | b'\'' | b' ' | b';' | b'>' | b'/' | b'?'))
            .unwrap_or(rest.len());
        if let Some(e) = Encoding::for_label(&rest[..end]) {
            // A page saved as UTF-16 cannot be read by its own declaration; the BOM decides.
            if e != encoding_rs::UTF_16LE && e != encoding_rs::UTF_16BE {
                return Some(e);
            }
        }
    }
    None
}

/// UTF-8 with some damage rather than another encoding: at least as many non-ASCII bytes in
/// valid UTF-8 sequences as bytes outside them (GBK or Big5 text rarely forms UTF-8).
fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut valid, mut invalid) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        valid += chunk.valid().len() - chunk.valid().chars().filter(char::is_ascii).count();
        invalid += chunk.invalid().len();
    }
    valid >= invalid
}

fn with(bytes: &[u8], encoding: &'static Encoding, how: How) -> Decoded {
    let (text, replaced) = encoding.decode_without_bom_handling(bytes);
    Decoded {
        text: text.into_owned(),
        encoding,
        how,
        replaced,
    }
}

/// [`decode`] taking the bytes: a file in valid UTF-8 (most are) becomes the text without a
/// copy, so a large file is held once, not twice.
pub fn decode_owned(bytes: Vec<u8>, html: bool, given: Option<&'static Encoding>) -> Decoded {
    let utf8 = Encoding::for_bom(&bytes).is_none()
        && given.is_none()
        && !(html && declared(&bytes).is_some());
    if utf8 {
        match String::from_utf8(bytes) {
            Ok(text) => {
                return Decoded {
                    text,
                    encoding: UTF_8,
                    how: How::Utf8,
                    replaced: false,
                }
            }
            Err(e) => return decode(e.as_bytes(), html, given),
        }
    }
    decode(&bytes, html, given)
}

/// Decodes a file (see the module docs). `html`: the file may declare its charset.
pub fn decode(bytes: &[u8], html: bool, given: Option<&'static Encoding>) -> Decoded {
    if let Some((encoding, bom)) = Encoding::for_bom(bytes) {
        return with(&bytes[bom..], encoding, How::Bom);
    }
    if let Some(e) = given {
        return with(bytes, e, How::Given);
    }
    if html {
        if let Some(e) = declared(bytes) {
            return with(bytes, e, How::Declared);
        }
    }
    if std::str::from_utf8(bytes).is_ok() || mostly_utf8(bytes) {
        return with(bytes, UTF_8, How::Utf8);
    }
    // The first megabyte tells the encoding; the whole file must then decode cleanly.
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(&bytes[..bytes.len().min(DETECT_BYTES)], true);
    let guess = detector.guess(None, true);
    if [GBK, GB18030, BIG5].contains(&guess) {
        let d = with(bytes, guess, How::Detected);
        if !d.replaced {
            return d;
        }
    }
    with(bytes, UTF_8, How::Utf8)
}

/// The encoding `--encoding NAME` names (WHATWG labels: `gbk`, `gb2312`, `gb18030`, `big5`,
/// `utf-16le`, …).
pub fn by_name(name: &str) -> Option<&'static Encoding> {
    Encoding::for_label(name.trim().as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_encodings_are_recognised() {
        let text =
            "开展燃气安全大排查，筑牢燃气安全防线。濮阳县郎中乡持续开展燃气安全专项排查整治行动。";
        let (gbk, _, _) = GBK.encode(text);
        let d = decode(&gbk, false, None);
        assert_eq!(
            (d.text.as_str(), d.encoding, d.how),
            (text, GBK, How::Detected)
        );
        let trad =
            "開展燃氣安全大排查，築牢燃氣安全防線。濮陽縣郎中鄉持續開展燃氣安全專項排查整治行動。";
        let (big5, _, _) = BIG5.encode(trad);
        let d = decode(&big5, false, None);
        assert_eq!((d.text.as_str(), d.encoding), (trad, BIG5));
        // UTF-16 with its BOM.
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        let d = decode(&utf16, false, None);
        assert_eq!((d.text.as_str(), d.how), (text, How::Bom));
        // Declared in the page, given on the command line.
        let page = [b"<meta charset=\"gb2312\"><p>".as_slice(), &gbk].concat();
        let d = decode(&page, true, None);
        assert_eq!((d.encoding, d.how), (GBK, How::Declared));
        assert!(d.text.ends_with(text));
        let d = decode(&gbk, false, by_name("gb18030"));
        assert_eq!((d.text.as_str(), d.how), (text, How::Given));
        // Plain UTF-8, and UTF-8 with a stray byte: replaced, and said so.
        assert_eq!(decode(text.as_bytes(), false, None).how, How::Utf8);
        let bad = [text.as_bytes(), b"\xff"].concat();
        let d = decode(&bad, false, None);
        assert!(d.replaced && d.encoding == UTF_8, "{d:?}");
        // UTF-8 damaged in the middle of a character is not taken for GBK.
        let cut = [&text.as_bytes()[..40], &text.as_bytes()[41..]].concat();
        assert_eq!(decode(&cut, false, None).encoding, UTF_8);
        // Taking the bytes decodes the same.
        for bytes in [
            text.as_bytes().to_vec(),
            gbk.to_vec(),
            utf16,
            page,
            bad,
            cut,
        ] {
            let (a, b) = (decode(&bytes, true, None), decode_owned(bytes, true, None));
            assert_eq!(
                (a.text, a.encoding, a.how, a.replaced),
                (b.text, b.encoding, b.how, b.replaced)
            );
        }
    }
}
