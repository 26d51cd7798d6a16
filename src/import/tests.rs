//! Tests over the files in `fixtures/import/` (see its README) and over
//! generated files for the cases fixtures cannot show (size, late encoding
//! switches).

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use super::mapping::How;
use super::*;
use crate::model::{Priority, Status};

fn fixture(name: &str) -> PathBuf {
    // Relative, as a user would type it, so messages can be compared whole.
    Path::new("fixtures/import").join(name)
}

fn utc(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .unwrap()
        .with_timezone(&Utc)
}

fn zone(name: &str) -> ImportOptions {
    ImportOptions {
        default_zone: name.parse().unwrap(),
        ..ImportOptions::default()
    }
}

/// Opens, counts, and reads every row in batches of 2 (so batch edges are
/// crossed).
fn read_all(
    path: &Path,
    options: &ImportOptions,
) -> (Box<dyn Importer + Send>, usize, Vec<RowResult>) {
    let mut source = open(path, options).unwrap_or_else(|e| panic!("{e}"));
    let total = source.count().unwrap_or_else(|e| panic!("{e}"));
    let mut rows = Vec::new();
    let mut batch = Vec::new();
    loop {
        let n = source.next_batch(2, &mut batch).unwrap();
        assert_eq!(n, batch.len());
        if n == 0 {
            break;
        }
        rows.append(&mut batch);
    }
    assert_eq!(rows.len(), total, "count and stream agree");
    (source, total, rows)
}

fn drafts(rows: &[RowResult]) -> Vec<&TicketDraft> {
    rows.iter()
        .map(|r| r.as_ref().unwrap_or_else(|e| panic!("{e}")))
        .collect()
}

fn fields(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn temp_file(name: &str, bytes: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    (dir, path)
}

#[test]
fn servicenow_csv_maps_itself() {
    let (source, total, rows) = read_all(&fixture("servicenow.csv"), &ImportOptions::default());
    assert_eq!(total, 5);
    let info = source.info();
    assert_eq!(info.encoding, Some("UTF-8"));
    assert_eq!(info.encoding_detected, None);
    assert_eq!(info.delimiter, Some(b','));
    assert!(info.delimiter_sniffed);
    assert_eq!(info.header_line, 1);

    let plan: Vec<(String, String)> = source
        .plan()
        .columns
        .iter()
        .map(|c| (c.header.clone(), c.target.to_string()))
        .collect();
    let want = [
        ("number", "id"),
        ("short_description", "title"),
        ("description", "body"),
        ("caller_id", "customer"),
        ("contact_type", "channel"),
        ("category", "category"),
        ("priority", "priority"),
        ("state", "status"),
        ("assignment_group", "team"),
        ("assigned_to", "assignee"),
        ("opened_at", "created_at"),
        ("resolved_at", "resolved_at"),
        ("closed_at", "closed_at"),
        ("u_region", "fields"),
    ];
    assert_eq!(
        plan,
        want.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect::<Vec<_>>()
    );

    let d = drafts(&rows);
    // Multi-line quoted descriptions: rows start on lines 2, 5, 6, 7, 9.
    assert_eq!(
        d.iter().map(|d| d.line).collect::<Vec<_>>(),
        [2, 5, 6, 7, 9]
    );
    let vpn = d[0];
    assert_eq!(vpn.external_id.as_deref(), Some("INC0010001"));
    assert_eq!(vpn.title, "Cannot log in to VPN");
    assert_eq!(
        vpn.body,
        "User reports VPN client fails with error 809.\nTried reinstalling, same result.\nLaptop: ThinkPad T14"
    );
    assert_eq!(vpn.customer.name.as_deref(), Some("Abel Tuter"));
    assert_eq!(vpn.channel.as_deref(), Some("phone"));
    assert_eq!(vpn.priority, Some(Priority::P2));
    assert_eq!(vpn.status, Some(Status::Open));
    assert_eq!(vpn.team.as_deref(), Some("Network Support"));
    assert_eq!(vpn.assignee.as_deref(), Some("Beth Anglin"));
    assert_eq!(vpn.created_at, Some(utc("2025-03-03T09:15:22Z")));
    assert_eq!(vpn.resolved_at, None);
    assert_eq!(vpn.fields, fields(&[("u_region", "EMEA")]));
    assert!(vpn.warnings.is_empty(), "{:?}", vpn.warnings);
    assert_eq!(vpn.cells.len(), 14);

    assert_eq!(d[1].priority, Some(Priority::P3));
    assert_eq!(d[1].status, Some(Status::Resolved));
    assert_eq!(d[1].resolved_at, Some(utc("2025-03-03T15:40:10Z")));
    assert_eq!(d[2].channel.as_deref(), Some("web"), "Self-service folded");
    assert_eq!(d[2].body, "");
    assert_eq!(d[2].closed_at, Some(utc("2025-03-06T09:30:00Z")));
    assert_eq!(d[3].priority, Some(Priority::P1));
    assert_eq!(d[3].status, Some(Status::Pending), "On Hold");
    assert!(d[3].body.ends_with("Error: \"503 Service Unavailable\""));
    assert_eq!(d[3].assignee, None);
    assert_eq!(d[4].status, Some(Status::New));
    assert_eq!(d[4].team, None);
}

#[test]
fn servicenow_with_a_mapping_file() {
    let options = ImportOptions {
        mapping_file: Some(fixture("servicenow_mapping.yaml")),
        ..zone("Asia/Shanghai") // overridden by the file's timezone
    };
    let (source, _, rows) = read_all(&fixture("servicenow.csv"), &options);
    assert_eq!(source.info().source.as_deref(), Some("servicenow"));
    let region = &source.plan().columns[13];
    assert_eq!((region.target, &region.how), (Target::Keep, &How::Ignored));
    assert_eq!(source.plan().columns[3].how, How::File);
    let d = drafts(&rows);
    // 09:15:22 in New York (EST, before the 9 March DST change).
    assert_eq!(d[0].created_at, Some(utc("2025-03-03T14:15:22Z")));
    assert_eq!(d[3].status, Some(Status::Pending));
    assert_eq!(d[4].team.as_deref(), Some("Service Desk"), "default");
    assert_eq!(d[0].team.as_deref(), Some("Network Support"));
    assert_eq!(d[0].fields, fields(&[("u_region", "EMEA")]));

    let (_, plan) = show_mapping(&fixture("servicenow.csv"), &options).unwrap();
    let text = plan.to_string();
    assert!(
        text.contains("caller_id          →  customer            (mapping file)"),
        "{text}"
    );
    assert!(
        text.contains("u_region           →  fields[\"u_region\"]  (ignored by mapping)"),
        "{text}"
    );
}

#[test]
fn gbk_csv_with_chinese_headers() {
    let (source, total, rows) = read_all(&fixture("gbk_tickets.csv"), &zone("Asia/Shanghai"));
    assert_eq!(total, 4);
    let info = source.info();
    assert_eq!(info.encoding, Some("gb18030"));
    let detected = info.encoding_detected.as_deref().unwrap();
    assert!(
        detected.contains("GB18030") && detected.contains("line 1"),
        "{detected}"
    );
    assert!(info
        .notes
        .iter()
        .any(|n| n.starts_with("encoding: GB18030")));
    assert_eq!(
        source
            .plan()
            .column_of(Field::FirstResponseAfter(mapping::TimeUnit::Minutes))
            .map(|c| c.header.as_str()),
        Some("首次响应时长(分钟)")
    );

    let d = drafts(&rows);
    assert_eq!(d.iter().map(|d| d.line).collect::<Vec<_>>(), [2, 3, 4, 6]);
    let first = d[0];
    assert_eq!(first.external_id.as_deref(), Some("GD20250305001"));
    assert_eq!(first.title, "无法登录APP");
    assert_eq!(first.body, "输入正确密码后提示“账号异常”");
    assert_eq!(first.customer.name.as_deref(), Some("张伟"));
    assert_eq!(first.customer.phone.as_deref(), Some("13800138000"));
    assert_eq!(first.customer.tier.as_deref(), Some("VIP"));
    assert_eq!(first.channel.as_deref(), Some("phone"));
    assert_eq!(first.category.as_deref(), Some("账户问题"));
    assert_eq!(first.priority, Some(Priority::P1));
    assert_eq!(first.status, Some(Status::Resolved));
    assert_eq!(first.assignee.as_deref(), Some("李娜"));
    assert_eq!(first.team.as_deref(), Some("售后一组"));
    // 2025/3/5 14:22 in Shanghai; first response 15 minutes later.
    assert_eq!(first.created_at, Some(utc("2025-03-05T06:22:00Z")));
    assert_eq!(first.first_response_at, Some(utc("2025-03-05T06:37:00Z")));
    assert_eq!(first.resolved_at, Some(utc("2025-03-05T08:40:00Z")));
    assert_eq!(first.csat, Some(5));
    assert_eq!(first.fields, fields(&[("备注", "已回访")]));

    assert_eq!(d[1].channel.as_deref(), Some("chat"));
    assert_eq!(d[1].status, Some(Status::Open));
    assert_eq!(d[1].created_at, Some(utc("2025-03-05T01:03:00Z")));
    assert_eq!(d[1].first_response_at, Some(utc("2025-03-05T01:45:00Z")));
    assert_eq!(d[1].body, "订单号：DD889900，付款三天仍未发货");

    let refund = d[2];
    assert_eq!(refund.customer.phone, None, "\"-\" is a null marker");
    assert_eq!(
        refund.body, "商品有质量问题，\n要求全额退款",
        "CRLF in a cell becomes LF"
    );
    assert_eq!(refund.status, Some(Status::Pending));
    assert_eq!(refund.channel.as_deref(), Some("email"));
    assert_eq!(refund.first_response_at, Some(utc("2025-03-06T04:15:00Z")));
    assert_eq!(refund.fields, fields(&[("备注", "客户已寄回")]));

    assert_eq!(d[3].priority, Some(Priority::P4));
    assert_eq!(d[3].status, Some(Status::New));
    assert_eq!(d[3].first_response_at, None);
    assert_eq!(d[3].assignee, None);
}

#[test]
fn workbook_skips_the_notes_sheet() {
    let (source, total, rows) = read_all(&fixture("workbook.xlsx"), &zone("Asia/Shanghai"));
    assert_eq!(total, 3, "blank middle and trailing rows skipped");
    let info = source.info();
    assert_eq!(info.kind, SourceKind::Workbook);
    assert_eq!(info.sheet.as_deref(), Some("工单"));
    assert!(info.sheet_auto);
    assert_eq!(info.skipped_sheets, ["说明"]);
    assert_eq!(info.header_line, 2);
    assert!(
        info.notes[0].starts_with(
            "sheet \"工单\" (the first whose header maps a title or id column); skipped \"说明\""
        ),
        "{:?}",
        info.notes
    );
    assert_eq!(&source.headers()[11..], ["Note", "Note (2)"]);

    let d = drafts(&rows);
    assert_eq!(d.iter().map(|d| d.line).collect::<Vec<_>>(), [3, 4, 6]);
    let first = d[0];
    assert_eq!(first.external_id.as_deref(), Some("1001"));
    assert_eq!(first.title, "无法登录");
    assert_eq!(first.customer.email.as_deref(), Some("zhang@example.cn"));
    assert_eq!(first.customer.phone.as_deref(), Some("13800138000"));
    assert_eq!(first.priority, Some(Priority::P1));
    assert_eq!(first.status, Some(Status::Resolved));
    assert_eq!(first.created_at, Some(utc("2025-03-05T06:22:00Z")));
    assert_eq!(first.resolved_at, Some(utc("2025-03-05T08:40:00Z")));
    assert_eq!(first.tags, ["登录", "VIP"]);
    assert_eq!(first.csat, Some(5));
    assert_eq!(
        first.fields,
        fields(&[("Note", "first note"), ("Note (2)", "second note")])
    );
    assert_eq!(first.cells.get(7), Some("2025-03-05 14:22:00"));
    assert_eq!(d[1].fields, fields(&[("Note (2)", "only second")]));
    assert_eq!(d[1].resolved_at, None);
    // A text date in a date column.
    assert_eq!(d[2].created_at, Some(utc("2025-03-08T02:00:00Z")));
    assert_eq!(d[2].external_id.as_deref(), Some("1003"));
}

#[test]
fn workbook_sheet_selection() {
    let path = fixture("workbook.xlsx");
    let by_index = ImportOptions {
        sheet: Some("2".into()),
        ..ImportOptions::default()
    };
    let source = open(&path, &by_index).unwrap();
    assert_eq!(source.info().sheet.as_deref(), Some("工单"));
    assert!(!source.info().sheet_auto);

    let stats = ImportOptions {
        sheet: Some("统计".into()),
        ..ImportOptions::default()
    };
    let err = open(&path, &stats).err().unwrap();
    assert_eq!(
        err.to_string(),
        "fixtures/import/workbook.xlsx: no column maps to a ticket title or id (columns: 月份, 数量); pass --map 'COLUMN=title' or --map 'COLUMN=id'"
    );
    // ... unless told which column is the title.
    let mapped = ImportOptions {
        sheet: Some("统计".into()),
        maps: vec!["月份=title".into()],
        ..ImportOptions::default()
    };
    let (_, total, _) = read_all(&path, &mapped);
    assert_eq!(total, 1);

    let missing = ImportOptions {
        sheet: Some("9".into()),
        ..ImportOptions::default()
    };
    let err = open(&path, &missing).err().unwrap();
    assert_eq!(
        err.to_string(),
        "fixtures/import/workbook.xlsx: no sheet \"9\"; the sheets are: 说明, 工单, 统计"
    );
    let delimiter = ImportOptions {
        delimiter: Some(b';'),
        ..ImportOptions::default()
    };
    assert!(matches!(
        open(&path, &delimiter).err().unwrap(),
        ImportError::Usage { .. }
    ));
}

#[test]
fn event_log_rows_share_ids() {
    let (_, total, rows) = read_all(&fixture("event_log.csv"), &ImportOptions::default());
    assert_eq!(total, 6);
    let d = drafts(&rows);
    let seen: Vec<(&str, Status, DateTime<Utc>)> = d
        .iter()
        .map(|d| {
            (
                d.external_id.as_deref().unwrap(),
                d.status.unwrap(),
                d.updated_at.unwrap(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            ("T-100", Status::New, utc("2025-03-01T08:00:00Z")),
            ("T-101", Status::New, utc("2025-03-01T09:30:00Z")),
            ("T-100", Status::Open, utc("2025-03-01T10:15:00Z")),
            ("T-100", Status::Pending, utc("2025-03-02T11:00:00Z")),
            ("T-101", Status::Resolved, utc("2025-03-02T12:00:00Z")),
            ("T-100", Status::Resolved, utc("2025-03-03T16:45:00Z")),
        ]
    );
    assert_eq!(d[0].assignee, None);
    assert_eq!(d[2].assignee.as_deref(), Some("alice"));
    assert_eq!(d[1].priority, Some(Priority::P2));
    assert_eq!(
        d[0].created_at, None,
        "no created column: the command decides"
    );
}

#[test]
fn bad_rows_are_rejected_with_place_and_reason() {
    let (source, total, rows) = read_all(&fixture("bad_rows.csv"), &zone("Asia/Shanghai"));
    assert_eq!(total, 7);
    let errors: Vec<&RowError> = rows.iter().filter_map(|r| r.as_ref().err()).collect();
    let ok: Vec<&TicketDraft> = rows.iter().filter_map(|r| r.as_ref().ok()).collect();
    assert_eq!(ok.iter().map(|d| d.line).collect::<Vec<_>>(), [2, 6, 7]);
    assert_eq!(
        errors.iter().map(|e| e.line).collect::<Vec<_>>(),
        [3, 4, 5, 8]
    );

    let date = errors[0];
    assert_eq!(date.column.as_deref(), Some("创建时间"));
    assert_eq!(date.value.as_deref(), Some("2025/13/45"));
    assert_eq!(
        date.reason,
        "bad date \"2025/13/45\" in column 创建时间: expected Y/m/d H:M"
    );
    assert_eq!(
        date.to_string(),
        "fixtures/import/bad_rows.csv:3: bad date \"2025/13/45\" in column 创建时间: expected Y/m/d H:M"
    );
    assert_eq!(errors[1].column.as_deref(), Some("优先级"));
    assert!(
        errors[1]
            .reason
            .starts_with("bad priority \"P9\" in column 优先级: expected P1..P4"),
        "{}",
        errors[1].reason
    );
    assert_eq!(errors[2].column, None);
    assert_eq!(errors[2].reason, "row has neither a title nor an id");
    assert_eq!(errors[2].cells.get(5), Some("无标题无编号"));

    let late = ok[1];
    assert_eq!(
        late.warnings,
        ["resolved (2025-03-01 01:00 UTC) before created (2025-03-05 02:00 UTC)"]
    );
    let untitled = ok[2];
    assert_eq!(untitled.title, "(no title)");
    assert_eq!(untitled.warnings, ["no title: using \"(no title)\""]);
    assert_eq!(untitled.fields, fields(&[("备注", "只有编号")]));

    let mut rejects = RejectsWriter::new(Vec::new(), source.headers()).unwrap();
    for e in &errors {
        rejects.write(e).unwrap();
    }
    let text = String::from_utf8(rejects.finish().unwrap()).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "\u{FEFF}工单编号,标题,优先级,创建时间,解决时间,备注,reason"
    );
    assert_eq!(
        lines[1],
        "2,日期错误,P3,2025/13/45,,,\"line 3: bad date \"\"2025/13/45\"\" in column 创建时间: expected Y/m/d H:M\""
    );
    assert_eq!(
        lines[3],
        ",,P3,2025/3/2 11:00,,无标题无编号,line 5: row has neither a title nor an id"
    );
    assert!(
        lines[4].starts_with("7,\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\",urgent!!,"),
        "{}",
        lines[4]
    );
}

#[test]
fn utf16_tsv() {
    let (source, total, rows) = read_all(&fixture("utf16le_bom.tsv"), &ImportOptions::default());
    assert_eq!(total, 3);
    assert_eq!(source.info().encoding, Some("UTF-16LE"));
    assert_eq!(
        source.info().encoding_detected,
        None,
        "announced by its BOM"
    );
    assert_eq!(source.info().delimiter, Some(b'\t'));
    assert_eq!(
        source.headers()[0],
        "Ticket ID",
        "BOM not part of the header"
    );
    let d = drafts(&rows);
    assert_eq!(d[0].external_id.as_deref(), Some("Z-1"));
    assert_eq!(d[0].customer.email.as_deref(), Some("ana@example.com"));
    assert_eq!(d[0].channel.as_deref(), Some("email"));
    assert_eq!(d[0].created_at, Some(utc("2025-03-05T14:22:00Z")));
    assert_eq!(d[0].tags, ["login", "password"]);
    assert_eq!(d[1].title, "退款申请");
    assert_eq!(d[1].channel.as_deref(), Some("web"));
    assert_eq!(d[1].created_at, Some(utc("2025-03-06T08:00:00Z")));
    assert_eq!(d[2].channel.as_deref(), Some("chat"));
    assert!(d[2].tags.is_empty());
}

#[test]
fn utf16_big_endian_csv() {
    let mut bytes = vec![0xFE, 0xFF];
    for unit in "标题,工单号\r\n无法登录,7\r\n".encode_utf16() {
        bytes.extend_from_slice(&unit.to_be_bytes());
    }
    let (_dir, path) = temp_file("be.csv", &bytes);
    let (source, total, rows) = read_all(&path, &ImportOptions::default());
    assert_eq!((total, source.info().encoding), (1, Some("UTF-16BE")));
    let d = drafts(&rows)[0];
    assert_eq!((d.line, d.title.as_str()), (2, "无法登录"));
    assert_eq!(d.external_id.as_deref(), Some("7"));
}

#[test]
fn semicolon_day_first_decided_by_the_last_row() {
    let (source, total, rows) =
        read_all(&fixture("semicolon_dayfirst.csv"), &zone("Europe/Berlin"));
    assert_eq!(total, 4);
    assert_eq!(source.info().delimiter, Some(b';'));
    let created = source.plan().column_of(Field::CreatedAt).unwrap();
    assert_eq!(created.date_order, Some(DateOrder::DayFirst));
    // Resolved's own values (07/03, 10/03) prove nothing: it follows the
    // file's other date column.
    let resolved = source.plan().column_of(Field::ResolvedAt).unwrap();
    assert_eq!(resolved.date_order, Some(DateOrder::DayFirst));
    assert!(source
        .info()
        .notes
        .contains(&"column Created: dates read day-first (d/m/Y)".to_string()));
    assert!(source.info().notes.contains(
        &"column Resolved: dates read day-first (d/m/Y), like the file's other date columns"
            .to_string()
    ));
    let d = drafts(&rows);
    assert_eq!(d[0].created_at, Some(utc("2025-03-05T13:22:00Z")));
    assert_eq!(d[0].fields, fields(&[("Cost", "12,50")]));
    assert_eq!(d[1].resolved_at, Some(utc("2025-03-07T09:30:00Z")));
    assert_eq!(d[3].created_at, Some(utc("2025-03-13T15:05:00Z")));
    assert_eq!(d[3].title, "Paket beschädigt");
    assert_eq!(d[3].priority, Some(Priority::P1));
}

#[test]
fn ambiguous_dates_ask_for_a_format() {
    let path = fixture("ambiguous_dates.csv");
    let mut source = open(&path, &ImportOptions::default()).unwrap();
    let err = source.count().unwrap_err();
    assert_eq!(
        err.to_string(),
        "fixtures/import/ambiguous_dates.csv: column created: dates like 03/05/2025 10:00 (line 2) could be day-first or month-first; pass --date-format (e.g. '%d/%m/%Y %H:%M', or dmy / mdy)"
    );
    // Streaming without counting first meets the same error.
    let mut source = open(&path, &ImportOptions::default()).unwrap();
    assert!(source.next_batch(10, &mut Vec::new()).is_err());

    for format in ["%d/%m/%Y %H:%M", "dmy"] {
        let options = ImportOptions {
            date_format: Some(format.into()),
            ..ImportOptions::default()
        };
        let (_, _, rows) = read_all(&path, &options);
        let d = drafts(&rows);
        assert_eq!(
            d[0].created_at,
            Some(utc("2025-05-03T10:00:00Z")),
            "{format}"
        );
        assert_eq!(
            d[1].created_at,
            Some(utc("2025-06-04T11:30:00Z")),
            "{format}"
        );
    }
    let bad = ImportOptions {
        date_format: Some("dd/mm/yyyy".into()),
        ..ImportOptions::default()
    };
    assert!(open(&path, &bad)
        .err()
        .unwrap()
        .to_string()
        .contains("--date-format: bad date format"));
}

#[test]
fn mixed_date_orders_are_an_error() {
    let (_dir, path) = temp_file(
        "mixed.csv",
        b"id,title,created\n1,a,13/05/2025\n2,b,01/02/2025\n3,c,05/13/2025\n",
    );
    let mut source = open(&path, &ImportOptions::default()).unwrap();
    let err = source.count().unwrap_err().to_string();
    assert!(
        err.ends_with("column created: 13/05/2025 (line 2) is day-first but 05/13/2025 (line 4) is month-first; pass --date-format"),
        "{err}"
    );
}

#[test]
fn gbk_after_a_long_ascii_prefix_is_detected_while_counting() {
    let mut bytes = b"id,title,customer\n".to_vec();
    for i in 0..3000 {
        writeln!(bytes, "{i},plain ascii title number {i},someone").unwrap();
    }
    let (gbk, _, _) = encoding_rs::GB18030.encode("9999,无法登录,张伟\n");
    bytes.extend_from_slice(&gbk);
    assert!(bytes.len() > encoding::SAMPLE_LEN);
    let (_dir, path) = temp_file("late.csv", &bytes);
    let (source, total, rows) = read_all(&path, &ImportOptions::default());
    assert_eq!(total, 3001);
    assert_eq!(source.info().encoding, Some("gb18030"));
    assert!(source
        .info()
        .encoding_detected
        .as_deref()
        .unwrap()
        .contains("line 3002"));
    let last = rows.last().unwrap().as_ref().unwrap();
    assert_eq!((last.line, last.title.as_str()), (3002, "无法登录"));
    assert_eq!(last.customer.name.as_deref(), Some("张伟"));
}

#[test]
fn other_encodings_need_a_label() {
    let (_dir, path) = temp_file("latin1.csv", b"id,title\n1,M\xfcller\n2,Jos\xe9, caf\xe9\n");
    let err = open(&path, &ImportOptions::default())
        .err()
        .unwrap()
        .to_string();
    assert!(err.ends_with("line 2 is not valid UTF-8, and the file does not read as GBK either; pass --encoding LABEL (e.g. windows-1252, big5, shift_jis)"), "{err}");
    let options = ImportOptions {
        encoding: Some("windows-1252".into()),
        ..ImportOptions::default()
    };
    let (source, _, rows) = read_all(&path, &options);
    assert_eq!(source.info().encoding, Some("windows-1252"));
    assert_eq!(drafts(&rows)[0].title, "Müller");
    let unknown = ImportOptions {
        encoding: Some("klingon".into()),
        ..ImportOptions::default()
    };
    assert_eq!(
        open(&path, &unknown).err().unwrap().to_string(),
        "unknown encoding label \"klingon\": expected a name such as utf-8, gbk, gb18030, utf-16le, utf-16be, big5, shift_jis or windows-1252"
    );
}

#[test]
fn title_lines_duplicates_serials_and_flags() {
    let csv = "\u{FEFF}工单导出 2025年3月\n\nNote,Note,Summary,Sev,Created,Extra\n\
               1,a,Disk full,Sev 1,45721.5,x,spill\n,,,,,\n";
    let (_dir, path) = temp_file("t.csv", csv.as_bytes());
    let options = ImportOptions {
        maps: vec!["Sev=priority".into(), "Extra=-".into()],
        mapping_file: None,
        ..ImportOptions::default()
    };
    // "Sev 1" is not a priority until a value map says so.
    let (source, total, rows) = read_all(&path, &options);
    assert_eq!(total, 1);
    assert_eq!(source.info().header_line, 3);
    assert!(source
        .info()
        .notes
        .iter()
        .any(|n| n.contains("header on line 3")));
    let err = rows[0].as_ref().unwrap_err();
    assert_eq!(err.column.as_deref(), Some("Sev"));

    let map = "values:\n  priority:\n    Sev 1: P1\n";
    let (_mdir, map_path) = temp_file("map.yaml", map.as_bytes());
    let options = ImportOptions {
        mapping_file: Some(map_path),
        ..options
    };
    let (_, _, rows) = read_all(&path, &options);
    let d = drafts(&rows)[0];
    assert_eq!(d.line, 4);
    assert_eq!(d.title, "Disk full");
    assert_eq!(d.priority, Some(Priority::P1));
    assert_eq!(
        d.created_at,
        Some(utc("2025-03-05T12:00:00Z")),
        "Excel serial in a CSV date column"
    );
    assert_eq!(
        d.fields,
        fields(&[
            ("Note", "1"),
            ("Note (2)", "a"),
            ("Extra", "x"),
            ("Column 7", "spill")
        ])
    );
    assert_eq!(
        d.warnings,
        ["1 cell(s) beyond the 6 header columns kept as Column N"]
    );
}

#[test]
fn files_that_are_not_ticket_tables() {
    let (_dir, path) = temp_file("x.csv", b"foo,bar\n1,2\n");
    assert_eq!(
        open(&path, &ImportOptions::default()).err().unwrap().to_string(),
        format!("{}: no column maps to a ticket title or id (columns: foo, bar); pass --map 'COLUMN=title' or --map 'COLUMN=id'", path.display())
    );
    let (_dir2, empty) = temp_file("empty.csv", b"");
    assert!(open(&empty, &ImportOptions::default())
        .err()
        .unwrap()
        .to_string()
        .ends_with("the file is empty"));
    let (_dir3, dur) = temp_file("d.csv", b"title,first_response_minutes\nx,5\n");
    assert!(open(&dur, &ImportOptions::default())
        .err()
        .unwrap()
        .to_string()
        .contains("column first_response_minutes is a duration from creation, but no column maps to created_at"));
    let missing = Path::new("fixtures/import/no-such-file.csv");
    assert!(open(missing, &ImportOptions::default())
        .err()
        .unwrap()
        .to_string()
        .starts_with("fixtures/import/no-such-file.csv: cannot open:"));
}

#[test]
fn sep_line_and_delimiter_override() {
    let (_dir, path) = temp_file("sep.csv", b"sep=;\r\ntitle;id\r\na,b;1\r\n");
    let (source, _, rows) = read_all(&path, &ImportOptions::default());
    assert_eq!(source.info().delimiter, Some(b';'));
    assert!(!source.info().delimiter_sniffed);
    let d = drafts(&rows)[0];
    assert_eq!((d.line, d.title.as_str()), (3, "a,b"));

    let (_dir, path) = temp_file("pipe.txt", b"title|id\na|1\n");
    let options = ImportOptions {
        delimiter: Some(parse_delimiter("pipe").unwrap()),
        ..ImportOptions::default()
    };
    let (_, _, rows) = read_all(&path, &options);
    assert_eq!(drafts(&rows)[0].external_id.as_deref(), Some("1"));
    assert!(parse_delimiter("ab").is_err());
    assert_eq!(parse_delimiter("\\t"), Ok(b'\t'));
}

/// Many rows through both passes; every line number accounted for.
#[test]
fn streams_many_rows() {
    let rows = 20_000;
    let mut bytes = b"id,title,created,priority,notes\n".to_vec();
    for i in 0..rows {
        if i % 1000 == 0 {
            writeln!(bytes, "{i},\"multi\nline {i}\",2025-03-05 14:22,high,n").unwrap();
        } else {
            writeln!(bytes, "{i},title {i},2025/3/5 14:22,P3,n").unwrap();
        }
    }
    let (_dir, path) = temp_file("many.csv", &bytes);
    let mut source = open(&path, &ImportOptions::default()).unwrap();
    assert_eq!(source.count().unwrap(), rows);
    let mut batch = Vec::new();
    let mut seen = 0;
    let mut last_line = 0;
    while source.next_batch(4096, &mut batch).unwrap() > 0 {
        for row in batch.drain(..) {
            let d = row.unwrap();
            assert!(d.line > last_line);
            last_line = d.line;
            seen += 1;
        }
    }
    assert_eq!(seen, rows);
    // Header + rows + one extra line per multi-line cell.
    assert_eq!(last_line, 1 + rows as u64 + (rows as u64 / 1000));
}

/// Peak memory while streaming a million-row GBK CSV (run with
/// `cargo test --lib import::tests::million -- --ignored --nocapture`).
#[test]
#[ignore = "slow in debug builds; a scale check, not a unit test"]
fn million_rows_in_bounded_memory() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("million.csv");
    {
        // Encode the Chinese parts once; the ASCII in between is the same
        // bytes in GBK.
        let gbk = |s: &str| encoding_rs::GB18030.encode(s).0.into_owned();
        let header = gbk("工单编号,标题,问题描述,客户姓名,手机号,渠道,优先级,状态,创建时间,备注\n");
        let title = gbk(",无法登录 ");
        let middle = gbk(",\"输入正确密码后提示账号异常，\n请尽快处理\",张伟,138");
        let tail = gbk(",电话,紧急,处理中,2025/3/5 14:22,备注");
        let mut out = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
        out.write_all(&header).unwrap();
        for i in 0..1_000_000u32 {
            write!(out, "GD{i:08}").unwrap();
            out.write_all(&title).unwrap();
            write!(out, "{i}").unwrap();
            out.write_all(&middle).unwrap();
            write!(out, "{i:08}").unwrap();
            out.write_all(&tail).unwrap();
            writeln!(out, "{i}").unwrap();
        }
    }
    let size = std::fs::metadata(&path).unwrap().len();
    let start = std::time::Instant::now();
    let mut source = open(&path, &zone("Asia/Shanghai")).unwrap();
    assert_eq!(source.count().unwrap(), 1_000_000);
    let counted = start.elapsed();
    let mut batch = Vec::with_capacity(10_000);
    let mut ok = 0;
    while source.next_batch(10_000, &mut batch).unwrap() > 0 {
        ok += batch.drain(..).filter(|r| r.is_ok()).count();
    }
    assert_eq!(ok, 1_000_000);
    let total = start.elapsed();
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let peak = status
        .lines()
        .find(|l| l.starts_with("VmHWM"))
        .unwrap_or("VmHWM: ?");
    eprintln!(
        "{} MB GBK, count {:?}, count+stream {:?} ({:.0} rows/s), {peak}",
        size / 1_000_000,
        counted,
        total,
        1e6 / total.as_secs_f64()
    );
    let kb: u64 = peak
        .split_whitespace()
        .nth(1)
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    assert!(kb < 200_000, "peak RSS {kb} kB");
}

mod no_panics {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

        #[test]
        fn cell_parsers_never_panic(text in "\\PC{0,40}", digits in "[0-9/:. \\-APMapm年月日TZ+]{0,30}") {
            let zone: chrono_tz::Tz = "Europe/Berlin".parse().unwrap();
            for t in [text.as_str(), digits.as_str()] {
                for order in [None, Some(DateOrder::DayFirst), Some(DateOrder::MonthFirst)] {
                    if let Ok(stamp) = dates::DateParser::default().parse(t, order) {
                        let _ = stamp.to_utc(zone);
                    }
                }
                let mut evidence = dates::DateEvidence::default();
                evidence.observe(t, 1);
                let _ = evidence.decide();
                let _ = mapping::header_field(t);
                let _ = mapping::Target::parse(t);
                let _ = convert::parse_csat(t);
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

        /// Arbitrary bytes behind a valid header: every row is a draft or a
        /// row error, never a panic.
        #[test]
        fn arbitrary_rows_never_panic(body in proptest::collection::vec(
            prop_oneof![
                Just(b','), Just(b'\n'), Just(b'\r'), Just(b'"'), Just(b';'), Just(b'\t'),
                any::<u8>(), b'0'..=b'9', Just(b'/'), Just(b':'),
            ],
            0..600,
        )) {
            let mut bytes = b"id,title,created,resolution_hours,priority,status,csat,tags\n".to_vec();
            bytes.extend_from_slice(&body);
            let (_dir, path) = temp_file("fuzz.csv", &bytes);
            let Ok(mut source) = open(&path, &ImportOptions::default()) else { return Ok(()) };
            if source.count().is_err() {
                return Ok(());
            }
            let mut batch = Vec::new();
            while let Ok(n) = source.next_batch(7, &mut batch) {
                if n == 0 {
                    break;
                }
                let mut rejects = RejectsWriter::new(Vec::new(), source.headers()).unwrap();
                for row in batch.drain(..) {
                    if let Err(e) = row {
                        rejects.write(&e).unwrap();
                    }
                }
                rejects.finish().unwrap();
            }
        }
    }
}

/// The flow the module documentation shows, on a real fixture.
#[test]
fn command_flow_example() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let rejects_path = dir.path().join("rejects.csv");
    let options = ImportOptions {
        default_zone: chrono_tz::Asia::Shanghai,
        maps: vec!["备注=-".into()],
        ..ImportOptions::default()
    };
    let mut source = open(&fixture("bad_rows.csv"), &options)?;
    let total = source.count()?;
    let mut rejects = RejectsWriter::create(&rejects_path, source.headers())?;
    let mut batch = Vec::with_capacity(1000);
    let mut imported = 0;
    while source.next_batch(1000, &mut batch)? > 0 {
        for row in batch.drain(..) {
            match row {
                Ok(_draft) => imported += 1,
                Err(rejected) => rejects.write(&rejected)?,
            }
        }
    }
    assert_eq!(rejects.rows(), 4);
    rejects.finish()?.commit()?;
    assert_eq!((total, imported), (7, 3));
    let written = std::fs::read_to_string(&rejects_path)?;
    assert_eq!(written.lines().count(), 5);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&rejects_path)?.permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    Ok(())
}
