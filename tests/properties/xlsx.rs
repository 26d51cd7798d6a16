//! The smallest XLSX workbook calamine reads, written by hand: one sheet,
//! `Tickets`, in a ZIP file of stored (uncompressed) entries. Lets the
//! fuzzers and property tests reach the workbook reader's cell handling
//! instead of stopping at ZIP checksums.

use std::fmt::Write as _;

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>"#;

const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;

const WORKBOOK: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Tickets" sheetId="1" r:id="rId1"/></sheets></workbook>"#;

const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#;

/// Cell styles: `s="1"` a date (number format 14), `s="2"` a duration
/// (`[h]:mm:ss`, 46), `s="3"` a date and time (22).
const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="46" applyNumberFormat="1"/><xf numFmtId="22" applyNumberFormat="1"/></cellXfs></styleSheet>"#;

/// A workbook whose one sheet has the worksheet XML `sheet`.
pub fn workbook(sheet: &[u8]) -> Vec<u8> {
    stored_zip(&[
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", ROOT_RELS.as_bytes()),
        ("xl/workbook.xml", WORKBOOK.as_bytes()),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.as_bytes()),
        ("xl/styles.xml", STYLES.as_bytes()),
        ("xl/worksheets/sheet1.xml", sheet),
    ])
}

/// Worksheet XML for lines of tab-separated cells. A cell that reads as a
/// number is a number cell; prefixed with `@` a date, with `#` a
/// duration, with `~` a date and time (spreadsheets store all three as
/// days since 1899-12-30); prefixed with `!` an error cell (`!#N/A`);
/// anything else a string.
pub fn sheet_xml(text: &str) -> String {
    let mut xml = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#,
    );
    for (r, line) in text.split('\n').enumerate() {
        let _ = write!(xml, r#"<row r="{}">"#, r + 1);
        for (c, cell) in line.split('\t').enumerate() {
            let at = format!("{}{}", column_name(c), r + 1);
            let styled = [('@', 1), ('#', 2), ('~', 3)]
                .into_iter()
                .find_map(|(mark, style)| cell.strip_prefix(mark).map(|v| (v, style)));
            match styled {
                Some((v, style)) if v.parse::<f64>().is_ok() => {
                    let _ = write!(xml, r#"<c r="{at}" s="{style}"><v>{v}</v></c>"#);
                }
                _ if cell.parse::<f64>().is_ok() => {
                    let _ = write!(xml, r#"<c r="{at}"><v>{cell}</v></c>"#);
                }
                _ => match cell.strip_prefix('!') {
                    Some(e) => {
                        let _ = write!(xml, r#"<c r="{at}" t="e"><v>{}</v></c>"#, escape(e));
                    }
                    None => {
                        let _ = write!(
                            xml,
                            r#"<c r="{at}" t="inlineStr"><is><t>{}</t></is></c>"#,
                            escape(cell)
                        );
                    }
                },
            }
        }
        xml.push_str("</row>");
    }
    xml.push_str("</sheetData></worksheet>");
    xml
}

/// `A`, `B`, ... `Z`, `AA`, ...
fn column_name(mut index: usize) -> String {
    let mut name = Vec::new();
    loop {
        name.push(b'A' + (index % 26) as u8);
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    name.reverse();
    String::from_utf8(name).expect("ASCII")
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A ZIP file of stored entries: local headers with the data, then the
/// central directory and its end record.
fn stored_zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut directory = Vec::new();
    for (name, data) in entries {
        let offset = out.len() as u32;
        // Local header: signature, then the fields the central record repeats.
        out.extend(0x0403_4b50u32.to_le_bytes());
        entry_fields(&mut out, name, data);
        out.extend(name.as_bytes());
        out.extend(*data);
        // Central record: signature, "made by", the same fields, then
        // comment length, disk, attributes and the local header's offset.
        directory.extend(0x0201_4b50u32.to_le_bytes());
        directory.extend(20u16.to_le_bytes());
        entry_fields(&mut directory, name, data);
        directory.extend([0u8; 10]);
        directory.extend(offset.to_le_bytes());
        directory.extend(name.as_bytes());
    }
    let directory_offset = out.len() as u32;
    let count = entries.len() as u16;
    out.extend(&directory);
    out.extend(0x0605_4b50u32.to_le_bytes());
    out.extend([0u8; 4]); // this disk, the directory's disk
    out.extend(count.to_le_bytes());
    out.extend(count.to_le_bytes());
    out.extend((directory.len() as u32).to_le_bytes());
    out.extend(directory_offset.to_le_bytes());
    out.extend(0u16.to_le_bytes()); // comment length
    out
}

/// Version needed, flags, method (stored), time, date (1980-01-01), CRC,
/// sizes, name length and extra length.
fn entry_fields(out: &mut Vec<u8>, name: &str, data: &[u8]) {
    out.extend(20u16.to_le_bytes());
    out.extend(0u16.to_le_bytes());
    out.extend(0u16.to_le_bytes());
    out.extend(0u16.to_le_bytes());
    out.extend(0x21u16.to_le_bytes());
    out.extend(crc32(data).to_le_bytes());
    out.extend((data.len() as u32).to_le_bytes());
    out.extend((data.len() as u32).to_le_bytes());
    out.extend((name.len() as u16).to_le_bytes());
    out.extend(0u16.to_le_bytes());
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &byte in data {
        crc ^= u32::from(byte);
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
