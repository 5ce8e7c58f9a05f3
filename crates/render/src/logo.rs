//! The company logo, from the PNG or JPEG bytes the owner chose, as a PDF image without an
//! image library: a JPEG is embedded as it is (DCTDecode); a PNG's compressed pixels are
//! passed through with the PNG predictor (FlateDecode's /Predictor 15) when they have no
//! transparency, and otherwise inflated, unfiltered, flattened onto white and deflated again.

use crate::RenderError;
use printpdf::{DictItem, ExternalStream, ExternalXObject};
use std::collections::BTreeMap;
use std::io::{Read, Write};

/// A logo ready to embed: its pixel size and its image XObject.
#[derive(Debug, Clone)]
pub(crate) struct Logo {
    pub width: u32,
    pub height: u32,
    dict: BTreeMap<String, DictItem>,
    content: Vec<u8>,
}

fn bad(msg: impl Into<String>) -> RenderError {
    RenderError::Logo(msg.into())
}

fn name(s: &str) -> DictItem {
    DictItem::Name(s.as_bytes().to_vec())
}

fn int(n: impl Into<i64>) -> DictItem {
    DictItem::Int(n.into())
}

impl Logo {
    /// Reads a PNG or JPEG.
    pub(crate) fn parse(bytes: &[u8]) -> Result<Logo, RenderError> {
        if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            png(bytes)
        } else if bytes.starts_with(&[0xFF, 0xD8]) {
            jpeg(bytes)
        } else {
            Err(bad("the logo is neither PNG nor JPEG"))
        }
    }

    pub(crate) fn xobject(&self) -> ExternalXObject {
        ExternalXObject {
            stream: ExternalStream {
                dict: self.dict.clone(),
                content: self.content.clone(),
                compress: false,
            },
            width: None,
            height: None,
            dpi: None,
        }
    }

    fn new(
        width: u32,
        height: u32,
        color_space: DictItem,
        bits: u8,
        filter: &str,
        parms: Option<DictItem>,
        content: Vec<u8>,
    ) -> Logo {
        let mut dict = BTreeMap::new();
        dict.insert("Type".into(), name("XObject"));
        dict.insert("Subtype".into(), name("Image"));
        dict.insert("Width".into(), int(width));
        dict.insert("Height".into(), int(height));
        dict.insert("ColorSpace".into(), color_space);
        dict.insert("BitsPerComponent".into(), int(bits));
        dict.insert("Filter".into(), name(filter));
        if let Some(p) = parms {
            dict.insert("DecodeParms".into(), p);
        }
        Logo {
            width,
            height,
            dict,
            content,
        }
    }
}

fn jpeg(bytes: &[u8]) -> Result<Logo, RenderError> {
    let mut i = 2;
    while i + 4 <= bytes.len() {
        if bytes[i] != 0xFF {
            return Err(bad("damaged JPEG"));
        }
        let marker = bytes[i + 1];
        if marker == 0xFF {
            i += 1;
            continue;
        }
        let len = usize::from(u16::from_be_bytes([bytes[i + 2], bytes[i + 3]]));
        let is_sof = matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC);
        if is_sof {
            let seg = bytes
                .get(i + 4..i + 2 + len)
                .filter(|s| s.len() >= 6)
                .ok_or_else(|| bad("damaged JPEG"))?;
            let height = u32::from(u16::from_be_bytes([seg[1], seg[2]]));
            let width = u32::from(u16::from_be_bytes([seg[3], seg[4]]));
            let space = match seg[5] {
                1 => "DeviceGray",
                3 => "DeviceRGB",
                4 => "DeviceCMYK",
                n => return Err(bad(format!("a JPEG with {n} components"))),
            };
            if width == 0 || height == 0 {
                return Err(bad("an empty JPEG"));
            }
            return Ok(Logo::new(
                width,
                height,
                name(space),
                8,
                "DCTDecode",
                None,
                bytes.to_vec(),
            ));
        }
        i += 2 + len;
    }
    Err(bad("a JPEG without a frame header"))
}

struct Png {
    width: u32,
    height: u32,
    depth: u8,
    color: u8,
    palette: Vec<u8>,
    trns: Option<Vec<u8>>,
    idat: Vec<u8>,
}

fn read_png(bytes: &[u8]) -> Result<Png, RenderError> {
    let mut png = Png {
        width: 0,
        height: 0,
        depth: 0,
        color: 0,
        palette: Vec::new(),
        trns: None,
        idat: Vec::new(),
    };
    let mut i = 8;
    while i + 8 <= bytes.len() {
        let len = u32::from_be_bytes([bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]]);
        let len = usize::try_from(len).map_err(|_| bad("damaged PNG"))?;
        let kind = &bytes[i + 4..i + 8];
        let data = bytes
            .get(i + 8..i + 8 + len)
            .ok_or_else(|| bad("damaged PNG"))?;
        match kind {
            b"IHDR" if data.len() >= 13 => {
                png.width = u32::from_be_bytes([data[0], data[1], data[2], data[3]]);
                png.height = u32::from_be_bytes([data[4], data[5], data[6], data[7]]);
                png.depth = data[8];
                png.color = data[9];
                if data[12] != 0 {
                    return Err(bad("interlaced PNG: save the logo without interlacing"));
                }
            }
            b"PLTE" => png.palette = data.to_vec(),
            b"tRNS" => png.trns = Some(data.to_vec()),
            b"IDAT" => png.idat.extend_from_slice(data),
            b"IEND" => break,
            _ => {}
        }
        i += 12 + len;
    }
    if png.width == 0 || png.height == 0 || png.idat.is_empty() {
        return Err(bad("a PNG without pixels"));
    }
    Ok(png)
}

fn png(bytes: &[u8]) -> Result<Logo, RenderError> {
    let p = read_png(bytes)?;
    let channels: u8 = match p.color {
        0 | 3 => 1,
        2 => 3,
        4 => 2,
        6 => 4,
        c => return Err(bad(format!("PNG colour type {c}"))),
    };
    let transparent = matches!(p.color, 4 | 6) || (p.color == 3 && p.trns.is_some());
    if !transparent {
        // The compressed rows go in as they are: PDF's Flate predictor 15 is PNG's filtering.
        let (space, colors) = match p.color {
            0 => (name("DeviceGray"), 1),
            2 => (name("DeviceRGB"), 3),
            _ => {
                let entries = p.palette.len() / 3;
                if entries == 0 {
                    return Err(bad("a palette PNG without a palette"));
                }
                (
                    DictItem::Array(vec![
                        name("Indexed"),
                        name("DeviceRGB"),
                        int(i64::try_from(entries - 1).unwrap_or(0)),
                        DictItem::String {
                            data: p.palette[..entries * 3].to_vec(),
                            literal: false,
                        },
                    ]),
                    1,
                )
            }
        };
        let mut parms = BTreeMap::new();
        parms.insert("Predictor".into(), int(15));
        parms.insert("Colors".into(), int(colors));
        parms.insert("BitsPerComponent".into(), int(p.depth));
        parms.insert("Columns".into(), int(p.width));
        return Ok(Logo::new(
            p.width,
            p.height,
            space,
            p.depth,
            "FlateDecode",
            Some(DictItem::Dict { map: parms }),
            p.idat,
        ));
    }
    if p.depth != 8 {
        return Err(bad(format!(
            "a transparent PNG of {} bits per sample: save it with 8",
            p.depth
        )));
    }
    let rows = unfilter(&p, usize::from(channels))?;
    let (w, h) = (p.width as usize, p.height as usize);
    let mut rgb = Vec::with_capacity(w * h * 3);
    let over_white = |c: u8, a: u8| -> u8 {
        let v = (u32::from(c) * u32::from(a) + 255 * (255 - u32::from(a)) + 127) / 255;
        u8::try_from(v).unwrap_or(255)
    };
    let alpha = p.trns.unwrap_or_default();
    for px in rows.chunks_exact(usize::from(channels)) {
        match p.color {
            4 => {
                let g = over_white(px[0], px[1]);
                rgb.extend_from_slice(&[g, g, g]);
            }
            6 => rgb.extend_from_slice(&[
                over_white(px[0], px[3]),
                over_white(px[1], px[3]),
                over_white(px[2], px[3]),
            ]),
            _ => {
                let k = usize::from(px[0]);
                let a = alpha.get(k).copied().unwrap_or(255);
                let c = p.palette.get(k * 3..k * 3 + 3).unwrap_or(&[0, 0, 0]);
                rgb.extend_from_slice(&[
                    over_white(c[0], a),
                    over_white(c[1], a),
                    over_white(c[2], a),
                ]);
            }
        }
    }
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    z.write_all(&rgb).map_err(|e| bad(e.to_string()))?;
    let content = z.finish().map_err(|e| bad(e.to_string()))?;
    Ok(Logo::new(
        p.width,
        p.height,
        name("DeviceRGB"),
        8,
        "FlateDecode",
        None,
        content,
    ))
}

/// The PNG's samples without their row filters (8 bits per sample).
fn unfilter(p: &Png, bpp: usize) -> Result<Vec<u8>, RenderError> {
    let mut raw = Vec::new();
    flate2::read::ZlibDecoder::new(&p.idat[..])
        .read_to_end(&mut raw)
        .map_err(|e| bad(format!("damaged PNG data: {e}")))?;
    let stride = p.width as usize * bpp;
    let h = p.height as usize;
    if raw.len() < h * (stride + 1) {
        return Err(bad("damaged PNG data: too short"));
    }
    let mut out = vec![0u8; h * stride];
    for y in 0..h {
        let filter = raw[y * (stride + 1)];
        let src = &raw[y * (stride + 1) + 1..(y + 1) * (stride + 1)];
        for x in 0..stride {
            let a = if x >= bpp {
                out[y * stride + x - bpp]
            } else {
                0
            };
            let b = if y > 0 { out[(y - 1) * stride + x] } else { 0 };
            let c = if y > 0 && x >= bpp {
                out[(y - 1) * stride + x - bpp]
            } else {
                0
            };
            let predicted = match filter {
                0 => 0,
                1 => a,
                2 => b,
                3 => u8::try_from((u16::from(a) + u16::from(b)) / 2).unwrap_or(0),
                4 => paeth(a, b, c),
                f => return Err(bad(format!("PNG row filter {f}"))),
            };
            out[y * stride + x] = src[x].wrapping_add(predicted);
        }
    }
    Ok(out)
}

fn paeth(a: u8, b: u8, c: u8) -> u8 {
    let p = i16::from(a) + i16::from(b) - i16::from(c);
    let (pa, pb, pc) = (
        (p - i16::from(a)).abs(),
        (p - i16::from(b)).abs(),
        (p - i16::from(c)).abs(),
    );
    if pa <= pb && pa <= pc {
        a
    } else if pb <= pc {
        b
    } else {
        c
    }
}

/// A small PNG built in memory (for tests and the sample documents): `w`×`h` RGBA pixels
/// from `pixel(x, y)`.
pub(crate) fn encode_png_rgba(w: u32, h: u32, pixel: impl Fn(u32, u32) -> [u8; 4]) -> Vec<u8> {
    let mut raw = Vec::new();
    for y in 0..h {
        raw.push(0);
        for x in 0..w {
            raw.extend_from_slice(&pixel(x, y));
        }
    }
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    let _ = z.write_all(&raw);
    let idat = z.finish().unwrap_or_default();
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut chunk = |kind: &[u8], data: &[u8]| {
        out.extend_from_slice(&u32::try_from(data.len()).unwrap_or(0).to_be_bytes());
        out.extend_from_slice(kind);
        out.extend_from_slice(data);
        // CRC is not checked by the reader above nor by PDF viewers (the chunks are not
        // embedded), but keep the file valid for other tools.
        out.extend_from_slice(&crc32(kind, data).to_be_bytes());
    };
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&w.to_be_bytes());
    ihdr.extend_from_slice(&h.to_be_bytes());
    ihdr.extend_from_slice(&[8, 6, 0, 0, 0]);
    chunk(b"IHDR", &ihdr);
    chunk(b"IDAT", &idat);
    chunk(b"IEND", &[]);
    out
}

fn crc32(kind: &[u8], data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in kind.iter().chain(data) {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_transparent_png_is_flattened_onto_white() {
        let png = encode_png_rgba(4, 2, |x, _| {
            if x < 2 {
                [255, 0, 0, 255]
            } else {
                [0, 0, 0, 0]
            }
        });
        let logo = Logo::parse(&png).unwrap();
        assert_eq!((logo.width, logo.height), (4, 2));
        let mut rgb = Vec::new();
        flate2::read::ZlibDecoder::new(&logo.content[..])
            .read_to_end(&mut rgb)
            .unwrap();
        assert_eq!(
            &rgb[..12],
            &[255, 0, 0, 255, 0, 0, 255, 255, 255, 255, 255, 255]
        );
    }

    #[test]
    fn a_jpeg_is_passed_through_with_its_size() {
        // SOI, an APP0 stub, SOF0 for 3x2 RGB, EOI: enough for the header reader.
        let mut j = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0x00, 0x00];
        j.extend_from_slice(&[0xFF, 0xC0, 0x00, 0x11, 8, 0, 2, 0, 3, 3]);
        j.extend_from_slice(&[0; 9]);
        j.extend_from_slice(&[0xFF, 0xD9]);
        let logo = Logo::parse(&j).unwrap();
        assert_eq!((logo.width, logo.height), (3, 2));
        assert_eq!(logo.content, j);
        assert!(Logo::parse(b"GIF89a").is_err());
    }
}
