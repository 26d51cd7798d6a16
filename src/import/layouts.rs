//! Built-in export layouts: the mapping files of the helpdesks teams
//! migrate from, embedded in the binary.
//!
//! A layout is data, not code: a mapping file (`src/import/layouts/*.yaml`,
//! the same format as `--mapping`) whose `detect:` list names the headers
//! that identify its export. `import --from NAME` chooses one; without it,
//! the first layout whose `detect:` headers are all in a file's header row
//! is used, and said so on stderr. `import --from NAME --show-mapping`
//! prints the file, with the comments saying where its columns come from,
//! so a user can copy and adjust it.
//!
//! Every import also reads [`COMMON`]: the status, priority and
//! satisfaction words these systems share (`Awaiting User Info`, `On-hold`,
//! `Escalated`, `Emergency`, ...). The order, each winning over the one
//! before: common vocabulary, layout, `--mapping` file, `--map`/`--value`.

use super::error::ImportError;
use super::mapping::{normalize_header, MappingFile, Origin};

/// One built-in layout.
#[derive(Clone, Copy, Debug)]
pub struct Layout {
    /// The `--from` name.
    pub name: &'static str,
    /// Other names `--from` accepts.
    pub aliases: &'static [&'static str],
    /// The system and export, for listings.
    pub title: &'static str,
    /// The mapping file.
    pub text: &'static str,
}

/// The layouts, in detection order (an event log before the table whose
/// columns it shares).
pub const LAYOUTS: &[Layout] = &[
    Layout {
        name: "servicenow-eventlog",
        aliases: &["servicenow-events"],
        title: "ServiceNow incident event log (one row per update)",
        text: include_str!("layouts/servicenow-eventlog.yaml"),
    },
    Layout {
        name: "servicenow",
        aliases: &["snow"],
        title: "ServiceNow incident table (list export)",
        text: include_str!("layouts/servicenow.yaml"),
    },
    Layout {
        name: "zendesk",
        aliases: &[],
        title: "Zendesk Support ticket export (CSV export, view, Explore)",
        text: include_str!("layouts/zendesk.yaml"),
    },
    Layout {
        name: "freshdesk",
        aliases: &[],
        title: "Freshdesk ticket export",
        text: include_str!("layouts/freshdesk.yaml"),
    },
    Layout {
        name: "jira",
        aliases: &["jsm", "jira-service-management"],
        title: "Jira Service Management issue export (all fields)",
        text: include_str!("layouts/jira.yaml"),
    },
    Layout {
        name: "zammad",
        aliases: &[],
        title: "Zammad ticket report / overview export",
        text: include_str!("layouts/zammad.yaml"),
    },
    Layout {
        name: "otrs",
        aliases: &["znuny", "otobo"],
        title: "Znuny / OTRS ticket search CSV",
        text: include_str!("layouts/otrs.yaml"),
    },
    Layout {
        name: "osticket",
        aliases: &[],
        title: "osTicket ticket export",
        text: include_str!("layouts/osticket.yaml"),
    },
];

/// The vocabulary every import reads (see the module docs).
pub const COMMON: &str = include_str!("layouts/common.yaml");

impl Layout {
    /// The layout as a mapping file whose columns are optional (a file
    /// may lack some of them) and named after the layout in messages.
    pub fn mapping(&self) -> MappingFile {
        let mut mapping = MappingFile::parse(self.text, &format!("layout {}", self.name))
            .expect("built-in layouts are valid mapping files (checked by a test)");
        for column in &mut mapping.columns {
            column.origin = Origin::Layout(self.name.to_string());
        }
        mapping
    }

    /// Whether a header row has every header of the layout's `detect:`
    /// list (an entry `a | b` is satisfied by either).
    pub fn matches(&self, headers: &[String]) -> bool {
        let normalized: Vec<String> = headers.iter().map(|h| key(h)).collect();
        let detect = self.mapping().detect;
        !detect.is_empty()
            && detect.iter().all(|entry| {
                entry
                    .split('|')
                    .any(|alternative| normalized.contains(&key(alternative)))
            })
    }
}

/// Headers compared as the plan compares them, except that a header of
/// punctuation only (Zammad's `#`) stays itself.
fn key(header: &str) -> String {
    let n = normalize_header(header);
    if n.is_empty() {
        header.trim().to_string()
    } else {
        n
    }
}

/// The layout `--from NAME` names (case-insensitive, aliases too).
pub fn find(name: &str) -> Result<&'static Layout, ImportError> {
    let wanted = name.trim().to_lowercase();
    LAYOUTS
        .iter()
        .find(|l| l.name == wanted || l.aliases.contains(&wanted.as_str()))
        .ok_or_else(|| ImportError::UnknownLayout {
            name: name.to_string(),
            known: LAYOUTS.iter().map(|l| l.name.to_string()).collect(),
        })
}

/// The first layout whose `detect:` headers a header row has.
pub fn detect(headers: &[String]) -> Option<&'static Layout> {
    LAYOUTS.iter().find(|l| l.matches(headers))
}

/// The common vocabulary as a mapping file.
pub fn common() -> MappingFile {
    MappingFile::parse(COMMON, "common vocabulary")
        .expect("the common vocabulary is a valid mapping file (checked by a test)")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn every_layout_parses_and_names_its_detect_columns() {
        common();
        for layout in LAYOUTS {
            let mapping = layout.mapping();
            assert!(!mapping.detect.is_empty(), "{}", layout.name);
            assert!(!mapping.columns.is_empty(), "{}", layout.name);
            assert_eq!(find(layout.name).unwrap().name, layout.name);
        }
        assert_eq!(find("Znuny").unwrap().name, "otrs");
        let e = find("remedy").unwrap_err().to_string();
        assert!(e.contains("no such export layout"), "{e}");
        assert!(e.contains("zendesk"), "{e}");
    }

    #[test]
    fn detection_by_header_row() {
        let zendesk = headers(&["Id", "Requester", "Subject", "Status", "Created at"]);
        assert_eq!(detect(&zendesk).unwrap().name, "zendesk");
        let event_log = headers(&[
            "number",
            "incident_state",
            "sys_mod_count",
            "sys_updated_at",
            "short_description",
        ]);
        assert_eq!(detect(&event_log).unwrap().name, "servicenow-eventlog");
        let table = headers(&["number", "short_description", "state", "opened_at"]);
        assert_eq!(detect(&table).unwrap().name, "servicenow");
        let zammad = headers(&["#", "Title", "State", "Create Channel"]);
        assert_eq!(detect(&zammad).unwrap().name, "zammad");
        let plain = headers(&["id", "title", "status", "created"]);
        assert!(detect(&plain).is_none());
    }
}
