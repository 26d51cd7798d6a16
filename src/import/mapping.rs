//! Which column feeds which ticket field: header synonyms in English and
//! Chinese, `--map` flags, and the mapping YAML file.
//!
//! Headers are normalised before matching ([`normalize_header`]): case,
//! spaces, underscores, hyphens and punctuation (ASCII and CJK) are
//! dropped and full-width characters folded, so `Created At`,
//! `created_at`, `CREATED-AT` and `Ｃｒｅａｔｅｄ　Ａｔ` are the same
//! header. A header that does not match as a whole is tried again without
//! its parenthesised parts (`Created (UTC)` → `created`).

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::Path;
use std::sync::OnceLock;

use chrono_tz::Tz;
use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;

use super::dates::{DateOrder, DateParser};
use super::error::ImportError;
use crate::model::{Priority, Status};

/// The unit of a duration column (`first_response_minutes`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TimeUnit {
    Seconds,
    Minutes,
    Hours,
    Days,
}

impl TimeUnit {
    pub fn seconds(self) -> f64 {
        match self {
            TimeUnit::Seconds => 1.0,
            TimeUnit::Minutes => 60.0,
            TimeUnit::Hours => 3600.0,
            TimeUnit::Days => 86400.0,
        }
    }

    fn suffix(self) -> &'static str {
        match self {
            TimeUnit::Seconds => "seconds",
            TimeUnit::Minutes => "minutes",
            TimeUnit::Hours => "hours",
            TimeUnit::Days => "days",
        }
    }
}

/// A ticket field a column can feed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    ExternalId,
    Title,
    Body,
    CustomerId,
    CustomerName,
    CustomerEmail,
    CustomerPhone,
    CustomerTier,
    Channel,
    Category,
    Priority,
    Status,
    Assignee,
    Team,
    Tags,
    CreatedAt,
    /// When the row was written: the time of an event-log row.
    UpdatedAt,
    FirstResponseAt,
    ResolvedAt,
    ClosedAt,
    Csat,
    /// Time from creation to first response, in the given unit.
    FirstResponseAfter(TimeUnit),
    /// Time from creation to resolution, in the given unit.
    ResolutionAfter(TimeUnit),
    /// Number of agent replies (Zendesk's `Replies`, Freshdesk's `Agent
    /// interactions`).
    Replies,
}

/// Number of distinct [`Field::slot`]s.
pub(crate) const SLOTS: usize = 24;

impl Field {
    /// Every field, durations in minutes and hours only (for listings).
    pub const LISTED: [Field; 26] = [
        Field::ExternalId,
        Field::Title,
        Field::Body,
        Field::CustomerId,
        Field::CustomerName,
        Field::CustomerEmail,
        Field::CustomerPhone,
        Field::CustomerTier,
        Field::Channel,
        Field::Category,
        Field::Priority,
        Field::Status,
        Field::Assignee,
        Field::Team,
        Field::Tags,
        Field::CreatedAt,
        Field::UpdatedAt,
        Field::FirstResponseAt,
        Field::ResolvedAt,
        Field::ClosedAt,
        Field::Csat,
        Field::FirstResponseAfter(TimeUnit::Minutes),
        Field::FirstResponseAfter(TimeUnit::Hours),
        Field::ResolutionAfter(TimeUnit::Minutes),
        Field::ResolutionAfter(TimeUnit::Hours),
        Field::Replies,
    ];

    /// The canonical name used by `--map`, the mapping file and the plan.
    pub fn name(self) -> String {
        match self {
            Field::FirstResponseAfter(u) => format!("first_response_{}", u.suffix()),
            Field::ResolutionAfter(u) => format!("resolution_{}", u.suffix()),
            other => other.static_name().to_string(),
        }
    }

    fn static_name(self) -> &'static str {
        match self {
            Field::ExternalId => "id",
            Field::Title => "title",
            Field::Body => "body",
            Field::CustomerId => "customer_id",
            Field::CustomerName => "customer",
            Field::CustomerEmail => "email",
            Field::CustomerPhone => "phone",
            Field::CustomerTier => "tier",
            Field::Channel => "channel",
            Field::Category => "category",
            Field::Priority => "priority",
            Field::Status => "status",
            Field::Assignee => "assignee",
            Field::Team => "team",
            Field::Tags => "tags",
            Field::CreatedAt => "created_at",
            Field::UpdatedAt => "updated_at",
            Field::FirstResponseAt => "first_response_at",
            Field::ResolvedAt => "resolved_at",
            Field::ClosedAt => "closed_at",
            Field::Csat => "csat",
            Field::FirstResponseAfter(_) => "first_response_minutes",
            Field::ResolutionAfter(_) => "resolution_minutes",
            Field::Replies => "replies",
        }
    }

    /// Position in per-field tables. The two duration fields take one slot
    /// each whatever their unit: a file has one first-response column.
    pub(crate) fn slot(self) -> usize {
        match self {
            Field::ExternalId => 0,
            Field::Title => 1,
            Field::Body => 2,
            Field::CustomerId => 3,
            Field::CustomerName => 4,
            Field::CustomerEmail => 5,
            Field::CustomerPhone => 6,
            Field::CustomerTier => 7,
            Field::Channel => 8,
            Field::Category => 9,
            Field::Priority => 10,
            Field::Status => 11,
            Field::Assignee => 12,
            Field::Team => 13,
            Field::Tags => 14,
            Field::CreatedAt => 15,
            Field::UpdatedAt => 16,
            Field::FirstResponseAt => 17,
            Field::ResolvedAt => 18,
            Field::ClosedAt => 19,
            Field::Csat => 20,
            Field::FirstResponseAfter(_) => 21,
            Field::ResolutionAfter(_) => 22,
            Field::Replies => 23,
        }
    }

    /// A point in time, read by the date parser.
    pub fn is_date(self) -> bool {
        matches!(
            self,
            Field::CreatedAt
                | Field::UpdatedAt
                | Field::FirstResponseAt
                | Field::ResolvedAt
                | Field::ClosedAt
        )
    }

    pub fn is_duration(self) -> bool {
        matches!(
            self,
            Field::FirstResponseAfter(_) | Field::ResolutionAfter(_)
        )
    }

    /// Fields whose values a `values:` map may translate.
    pub fn takes_value_map(self) -> bool {
        !self.is_date() && !self.is_duration() && self != Field::Replies
    }

    /// Parses a field name as written after `=` in `--map` or in the
    /// mapping file: a canonical name, an alias (`external_id`,
    /// `description`, `customer_name`, `created`, ...) or any header
    /// synonym (`标题`, `优先级`).
    pub fn parse_name(name: &str) -> Option<Field> {
        let lower = name.trim().to_lowercase();
        let canonical = match lower.as_str() {
            "id" | "external_id" | "externalid" => Some(Field::ExternalId),
            "title" => Some(Field::Title),
            "body" | "description" => Some(Field::Body),
            "customer_id" => Some(Field::CustomerId),
            "customer" | "customer_name" | "name" => Some(Field::CustomerName),
            "email" | "customer_email" => Some(Field::CustomerEmail),
            "phone" | "customer_phone" => Some(Field::CustomerPhone),
            "tier" | "customer_tier" => Some(Field::CustomerTier),
            "created_at" | "created" => Some(Field::CreatedAt),
            "updated_at" | "updated" => Some(Field::UpdatedAt),
            "first_response_at" | "first_response" => Some(Field::FirstResponseAt),
            "resolved_at" | "resolved" => Some(Field::ResolvedAt),
            "closed_at" | "closed" => Some(Field::ClosedAt),
            "replies" | "reply_count" | "agent_replies" => Some(Field::Replies),
            _ => None,
        };
        canonical.or_else(|| header_field(name))
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name())
    }
}

/// Where a column goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Target {
    Field(Field),
    /// Into the ticket's `fields` map under the column's header.
    Keep,
}

impl Target {
    /// Parses the right-hand side of `Column=field`: a field name, or `-`,
    /// `ignore`, `fields`, `keep` for "keep it out of mapping".
    pub fn parse(name: &str) -> Option<Target> {
        match name.trim() {
            "-" | "ignore" | "fields" | "keep" | "none" => Some(Target::Keep),
            other => Field::parse_name(other).map(Target::Field),
        }
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Target::Field(field) => write!(f, "{field}"),
            Target::Keep => f.write_str("fields"),
        }
    }
}

/// Lower-cases, folds full-width forms to ASCII, and drops everything that
/// is not a letter or a digit (spaces, `_`, `-`, `()`, `（）`, `：`, ...).
pub fn normalize_header(header: &str) -> String {
    let mut out = String::with_capacity(header.len());
    for ch in header.chars() {
        let ch = match ch {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(ch as u32 - 0xFEE0).unwrap_or(ch),
            _ => ch,
        };
        if ch.is_alphanumeric() {
            out.extend(ch.to_lowercase());
        }
    }
    out
}

/// The header without `(...)`, `（...）` and `[...]` parts.
fn strip_parenthesised(header: &str) -> String {
    let mut out = String::with_capacity(header.len());
    let mut depth = 0usize;
    for ch in header.chars() {
        match ch {
            '(' | '（' | '[' | '【' => depth += 1,
            ')' | '）' | ']' | '】' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(ch),
            _ => {}
        }
    }
    out
}

/// Header synonyms, already normalised. One table for the README.
#[rustfmt::skip]
pub const SYNONYMS: &[(Field, &[&str])] = &[
    (Field::ExternalId, &[
        "id", "ticket", "ticketid", "ticketno", "ticketnumber", "number", "no", "caseid",
        "casenumber", "caseno", "incidentid", "incidentnumber", "issueid", "issuekey", "key",
        "requestid", "工单号", "工单编号", "工单id", "编号", "单号", "工单单号",
    ]),
    (Field::Title, &[
        "title", "subject", "summary", "shortdescription", "tickettitle", "标题", "主题", "工单标题",
        "问题标题", "摘要", "问题摘要",
    ]),
    (Field::Body, &[
        "description", "body", "details", "detail", "content", "message", "text", "problem",
        "问题描述", "内容", "描述", "详细描述", "工单内容", "问题详情", "详情", "正文", "问题内容",
    ]),
    (Field::CustomerId, &[
        "customerid", "customerno", "customernumber", "clientid", "accountid", "requesterid",
        "客户编号", "客户id", "客户号", "会员号", "用户id", "会员id",
    ]),
    (Field::CustomerName, &[
        "customer", "customername", "name", "requester", "requestername", "caller", "callerid",
        "contact", "contactname", "client", "clientname", "reporter", "客户", "客户姓名", "客户名称", "姓名",
        "联系人", "用户", "用户名", "提交人", "报告人", "来电人",
    ]),
    (Field::CustomerEmail, &[
        "email", "emailaddress", "mail", "customeremail", "requesteremail", "contactemail", "邮箱",
        "电子邮箱", "邮件地址", "客户邮箱", "电子邮件", "邮箱地址",
    ]),
    (Field::CustomerPhone, &[
        "phone", "phonenumber", "mobile", "mobilephone", "tel", "telephone", "customerphone",
        "contactphone", "cellphone", "手机号", "手机", "手机号码", "电话", "联系电话", "联系方式", "客户电话", "电话号码",
    ]),
    (Field::CustomerTier, &[
        "tier", "customertier", "level", "customerlevel", "segment", "plan", "客户等级", "等级",
        "会员等级", "客户级别", "vip等级", "客户类型",
    ]),
    (Field::Channel, &[
        "channel", "source", "via", "contacttype", "origin", "medium", "渠道", "来源", "来源渠道",
        "受理渠道", "进线渠道", "联系渠道",
    ]),
    (Field::Category, &[
        "category", "type", "tickettype", "issuetype", "requesttype", "casetype", "工单类型", "问题类型",
        "类型", "分类", "问题分类", "业务类型", "工单分类",
    ]),
    (Field::Priority, &[
        "priority", "urgency", "优先级", "紧急程度", "紧急度", "优先等级",
    ]),
    (Field::Status, &[
        "status", "state", "ticketstatus", "incidentstate", "状态", "工单状态", "处理状态", "当前状态",
    ]),
    (Field::Assignee, &[
        "assignee", "assignedto", "agent", "owner", "handler", "responsible", "处理人", "负责人",
        "受理人", "客服", "处理客服", "经办人", "跟进人",
    ]),
    (Field::Team, &[
        "team", "department", "group", "assignmentgroup", "queue", "dept", "所属部门", "处理组", "部门",
        "团队", "小组", "处理部门", "技能组", "所属组",
    ]),
    (Field::Tags, &[
        "tags", "tag", "labels", "label", "标签", "关键词",
    ]),
    (Field::CreatedAt, &[
        "created", "createdat", "createdon", "createdtime", "createddate", "creationdate",
        "createtime", "opened", "openedat", "openedon", "opendate", "syscreatedon", "submitted",
        "submittedat", "date", "创建时间", "提交时间", "创建日期", "受理时间", "开单时间", "报告时间", "进线时间", "日期",
        "提交日期",
    ]),
    (Field::UpdatedAt, &[
        "updated", "updatedat", "updatedon", "lastupdated", "modified", "lastmodified",
        "sysupdatedon", "changedat", "eventtime", "timestamp", "更新时间", "最后更新时间", "修改时间", "变更时间",
        "操作时间",
    ]),
    (Field::FirstResponseAt, &[
        "firstresponse", "firstresponseat", "firstresponsetime", "firstresponded",
        "firstrespondedat", "firstreplyat", "firstreplytime", "首次响应时间", "首次回复时间", "首响时间", "响应时间",
    ]),
    (Field::ResolvedAt, &[
        "resolved", "resolvedat", "resolvedon", "resolvedtime", "resolutiondate", "resolveddate",
        "solved", "solvedat", "solveddate", "解决时间", "完成时间", "处理完成时间", "办结时间",
    ]),
    (Field::ClosedAt, &[
        "closed", "closedat", "closedon", "closedtime", "closedate", "closeddate", "关闭时间", "结单时间", "结案时间",
    ]),
    (Field::Csat, &[
        "csat", "csatscore", "csatrating", "satisfaction", "satisfactionscore", "satisfactionrating",
        "customersatisfaction", "customersatisfactionrating", "customersatisfactionscore", "rating", "满意度",
        "满意度评分", "客户满意度", "评分", "评价",
    ]),
    (Field::Replies, &[
        "replies", "replycount", "agentreplies", "回复次数",
    ]),
];

/// Synonyms that yield to any other synonym of the same field, whatever
/// the column order: ServiceNow exports `urgency` (and `impact`) before
/// `priority`, and the column named priority is the priority.
const WEAK_SYNONYMS: &[&str] = &["urgency"];

/// Stems of duration headers; the rest of the header must name a unit
/// (`first_response_minutes`, `首次响应时长(分钟)`,
/// `First response time (in hrs)`).
const FIRST_RESPONSE_STEMS: &[&str] = &[
    "firstresponse",
    "firstresponsetime",
    "firstreply",
    "firstreplytime",
    "timetofirstresponse",
    "responsetime",
    "首次响应",
    "首次响应时长",
    "首次响应用时",
    "首响时长",
    "首响",
    "响应时长",
    "首次回复时长",
];
const RESOLUTION_STEMS: &[&str] = &[
    "resolution",
    "resolutiontime",
    "timetoresolve",
    "timetoresolution",
    "fullresolutiontime",
    "解决时长",
    "处理时长",
    "解决用时",
    "处理用时",
];
const UNITS: &[(&str, TimeUnit)] = &[
    ("s", TimeUnit::Seconds),
    ("sec", TimeUnit::Seconds),
    ("secs", TimeUnit::Seconds),
    ("second", TimeUnit::Seconds),
    ("seconds", TimeUnit::Seconds),
    ("秒", TimeUnit::Seconds),
    ("m", TimeUnit::Minutes),
    ("min", TimeUnit::Minutes),
    ("mins", TimeUnit::Minutes),
    ("minute", TimeUnit::Minutes),
    ("minutes", TimeUnit::Minutes),
    ("分钟", TimeUnit::Minutes),
    ("分", TimeUnit::Minutes),
    ("h", TimeUnit::Hours),
    ("hr", TimeUnit::Hours),
    ("hrs", TimeUnit::Hours),
    ("hour", TimeUnit::Hours),
    ("hours", TimeUnit::Hours),
    ("小时", TimeUnit::Hours),
    ("时", TimeUnit::Hours),
    ("d", TimeUnit::Days),
    ("day", TimeUnit::Days),
    ("days", TimeUnit::Days),
    ("天", TimeUnit::Days),
];

fn synonym_table() -> &'static HashMap<&'static str, Field> {
    static TABLE: OnceLock<HashMap<&'static str, Field>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = HashMap::new();
        for (field, names) in SYNONYMS {
            for name in *names {
                table.entry(*name).or_insert(*field);
            }
        }
        table
    })
}

fn duration_field(normalized: &str) -> Option<Field> {
    let unit_of = |rest: &str| {
        let rest = rest
            .strip_prefix("in")
            .filter(|r| !r.is_empty())
            .unwrap_or(rest);
        UNITS
            .iter()
            .find(|(u, _)| *u == rest)
            .map(|(_, unit)| *unit)
    };
    for (stems, make) in [
        (
            FIRST_RESPONSE_STEMS,
            Field::FirstResponseAfter as fn(TimeUnit) -> Field,
        ),
        (
            RESOLUTION_STEMS,
            Field::ResolutionAfter as fn(TimeUnit) -> Field,
        ),
    ] {
        for stem in stems {
            if let Some(rest) = normalized.strip_prefix(stem) {
                if let Some(unit) = unit_of(rest) {
                    return Some(make(unit));
                }
            }
        }
    }
    None
}

/// Whether a header is a weak synonym (see [`WEAK_SYNONYMS`]).
fn is_weak_synonym(header: &str) -> bool {
    WEAK_SYNONYMS.contains(&normalize_header(header).as_str())
}

/// The field a header maps to automatically, if any.
pub fn header_field(header: &str) -> Option<Field> {
    let normalized = normalize_header(header);
    if let Some(field) = synonym_table().get(normalized.as_str()) {
        return Some(*field);
    }
    if let Some(field) = duration_field(&normalized) {
        return Some(field);
    }
    let stripped = normalize_header(&strip_parenthesised(header));
    if stripped != normalized && !stripped.is_empty() {
        return synonym_table().get(stripped.as_str()).copied();
    }
    None
}

/// Makes headers unique and non-empty: a repeated `Note` becomes
/// `Note (2)`, `Note (3)`; an empty header becomes `Column N` (1-based).
pub fn unique_headers<'a>(raw: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut out: Vec<String> = Vec::new();
    for (i, header) in raw.into_iter().enumerate() {
        let base = header.trim().trim_start_matches('\u{FEFF}').trim();
        let base = if base.is_empty() {
            format!("Column {}", i + 1)
        } else {
            base.to_string()
        };
        let mut name = base.clone();
        let mut n = *seen.get(&base).unwrap_or(&1);
        while out.contains(&name) {
            n += 1;
            name = format!("{base} ({n})");
        }
        seen.insert(base, n);
        out.push(name);
    }
    out
}

/// Parses one `--map 'Column=field'` flag. The last `=` separates, so a
/// header may itself contain `=`.
pub fn parse_map_arg(arg: &str) -> Result<(String, Target), ImportError> {
    let bad = |message: String| ImportError::MapArg {
        arg: arg.to_string(),
        message,
    };
    let (column, field) = arg
        .rsplit_once('=')
        .ok_or_else(|| bad("expected COLUMN=FIELD".to_string()))?;
    let column = column.trim();
    if column.is_empty() {
        return Err(bad("the column name is empty".to_string()));
    }
    let target = Target::parse(field).ok_or_else(|| bad(unknown_field_message(field)))?;
    Ok((column.to_string(), target))
}

fn unknown_field_message(field: &str) -> String {
    let names: Vec<String> = Field::LISTED.iter().map(|f| f.name()).collect();
    format!(
        "unknown field {:?}: expected one of {}, or - to keep the column in fields",
        field.trim(),
        names.join(", ")
    )
}

/// A YAML scalar read as text (`1: P1` has an integer key).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Scalar(String);

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Scalar, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Scalar;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string, number or boolean")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Scalar, E> {
                Ok(Scalar(String::new()))
            }
        }
        d.deserialize_any(V)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMapping {
    #[serde(default)]
    columns: BTreeMap<Scalar, Scalar>,
    #[serde(default)]
    values: BTreeMap<String, BTreeMap<Scalar, Scalar>>,
    #[serde(default)]
    date_format: Option<String>,
    #[serde(default)]
    timezone: Option<String>,
    #[serde(default)]
    null: Option<Vec<Scalar>>,
    #[serde(default)]
    defaults: BTreeMap<String, Scalar>,
    #[serde(default)]
    source: Option<String>,
    #[serde(default)]
    detect: Vec<String>,
    #[serde(default)]
    space_separated_tags: Option<bool>,
}

/// Where an explicit mapping came from, for messages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// `--map` with the flag's text.
    Flag(String),
    /// The mapping file, with the position of the column's key.
    File {
        file: String,
        line: Option<usize>,
        column: Option<usize>,
    },
    /// A built-in export layout, by name. Its columns are optional: a file
    /// without one of them is still that system's export.
    Layout(String),
}

/// One explicit `Column → target` instruction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Explicit {
    pub column: String,
    pub target: Target,
    pub origin: Origin,
}

/// One value translation: the value triage reads instead of the file's,
/// and tags it adds to the ticket. Written `open +escalated` (the value,
/// then `+tag` for each tag), so a status a system has and triage does not
/// becomes a status with a tag rather than a rejected row.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Translation {
    pub to: String,
    pub tags: Vec<String>,
}

impl Translation {
    /// Parses `VALUE [+tag]...`; a lone `+tag` keeps the file's value.
    pub fn parse(text: &str) -> Translation {
        let mut parts = text.split(" +");
        let first = parts.next().unwrap_or("").trim();
        let (to, first_tag) = match first.strip_prefix('+') {
            Some(tag) => (String::new(), Some(tag)),
            None => (first.to_string(), None),
        };
        let tags = first_tag
            .into_iter()
            .chain(parts)
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_string)
            .collect();
        Translation { to, tags }
    }
}

impl fmt::Display for Translation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to)?;
        for tag in &self.tags {
            write!(f, " +{tag}")?;
        }
        Ok(())
    }
}

/// Value translations per field, matched exactly or case-insensitively.
#[derive(Clone, Debug, Default)]
pub struct ValueMaps {
    maps: HashMap<Field, HashMap<String, Translation>>,
}

impl ValueMaps {
    /// Adds `from → to` for `field` (`to` as [`Translation::parse`] reads it).
    pub fn insert(&mut self, field: Field, from: &str, to: &str) {
        self.maps
            .entry(field)
            .or_default()
            .insert(from.trim().to_lowercase(), Translation::parse(to));
    }

    pub fn has(&self, field: Field) -> bool {
        self.maps.contains_key(&field)
    }

    /// The translation of `value`, if there is one.
    pub fn lookup(&self, field: Field, value: &str) -> Option<&Translation> {
        let map = self.maps.get(&field)?;
        map.get(value).or_else(|| {
            // Keys are lower-cased: only a value with capitals needs a copy.
            if value.chars().any(char::is_uppercase) {
                map.get(&value.to_lowercase())
            } else {
                None
            }
        })
    }

    /// The translation of `value`, or `value` itself.
    pub fn apply<'a>(&'a self, field: Field, value: &'a str) -> &'a str {
        match self.lookup(field, value) {
            Some(t) if !t.to.is_empty() => &t.to,
            _ => value,
        }
    }

    /// Adds every translation of `top`, replacing those it redefines.
    pub fn overlay(&mut self, top: &ValueMaps) {
        for (field, map) in &top.maps {
            let mine = self.maps.entry(*field).or_default();
            for (from, to) in map {
                mine.insert(from.clone(), to.clone());
            }
        }
    }
}

/// Null markers used when no mapping file sets `null:`.
pub const DEFAULT_NULLS: &[&str] = &["", "-", "N/A", "n/a", "NULL", "null"];

/// A validated mapping file.
#[derive(Clone, Debug, Default)]
pub struct MappingFile {
    /// Display name of the file, for messages.
    pub origin: String,
    pub columns: Vec<Explicit>,
    pub values: ValueMaps,
    pub date_format: Option<String>,
    pub timezone: Option<Tz>,
    /// Cells equal to one of these (after trimming) are empty. `None`
    /// means [`DEFAULT_NULLS`].
    pub nulls: Option<Vec<String>>,
    /// Values for fields whose cell is empty or missing.
    pub defaults: Vec<(Field, String)>,
    /// The `source` the imported tickets are filed under.
    pub source: Option<String>,
    /// Headers that identify the export this mapping is for (a built-in
    /// layout is chosen automatically when a file has all of them).
    pub detect: Vec<String>,
    /// Tags cells separate tags with spaces too (Zendesk's do: its tags
    /// cannot contain one). `None`: not said, so no.
    pub space_separated_tags: Option<bool>,
}

impl MappingFile {
    /// Reads and validates a mapping file.
    pub fn load(path: &Path) -> Result<MappingFile, ImportError> {
        let name = path.display().to_string();
        let text =
            crate::yaml_limits::read(path, "mapping file").map_err(|e| ImportError::Mapping {
                file: name.clone(),
                line: e.place.map(|p| p.0),
                column: e.place.map(|p| p.1),
                message: e.message,
            })?;
        MappingFile::parse(&text, &name)
    }

    /// Validates mapping-file text; `origin` names it in messages.
    pub fn parse(text: &str, origin: &str) -> Result<MappingFile, ImportError> {
        let raw: RawMapping = if text.trim().is_empty() {
            serde_yaml::from_str("{}")
        } else {
            serde_yaml::from_str(text)
        }
        .map_err(|e| {
            let location = e.location();
            let mut message = e.to_string();
            if let Some(pos) = message.rfind(" at line ") {
                message.truncate(pos);
            }
            ImportError::Mapping {
                file: origin.to_string(),
                line: location.as_ref().map(|l| l.line()),
                column: location.as_ref().map(|l| l.column()),
                message,
            }
        })?;
        let at = |needle: &str, message: String| {
            let place = find_position(text, needle);
            ImportError::Mapping {
                file: origin.to_string(),
                line: place.map(|p| p.0),
                column: place.map(|p| p.1),
                message,
            }
        };

        let mut columns = Vec::new();
        for (column, field) in &raw.columns {
            let target = Target::parse(&field.0).ok_or_else(|| {
                at(
                    &field.0,
                    format!("columns: {}", unknown_field_message(&field.0)),
                )
            })?;
            let place = find_position(text, &column.0);
            columns.push(Explicit {
                column: column.0.trim().to_string(),
                target,
                origin: Origin::File {
                    file: origin.to_string(),
                    line: place.map(|p| p.0),
                    column: place.map(|p| p.1),
                },
            });
        }

        let mut values = ValueMaps::default();
        for (name, map) in &raw.values {
            let field = Field::parse_name(name)
                .filter(|f| f.takes_value_map())
                .ok_or_else(|| {
                    at(
                        name,
                        format!(
                            "values: {name:?} is not a field that takes value maps: expected \
                             priority, status, channel, category, tier, team, assignee, csat, ..."
                        ),
                    )
                })?;
            for (from, to) in map {
                let translation = Translation::parse(&to.0);
                if !translation.to.is_empty() {
                    check_value(field, &translation.to)
                        .map_err(|why| at(&to.0, format!("values.{name}: {:?} → {why}", from.0)))?;
                }
                values.insert(field, &from.0, &to.0);
            }
        }

        if let Some(format) = &raw.date_format {
            DateParser::new(Some(format)).map_err(|why| at("date_format", why))?;
        }
        let timezone = match &raw.timezone {
            Some(name) => Some(name.trim().parse::<Tz>().map_err(|_| {
                at(
                    "timezone",
                    format!(
                        "unknown time zone {name:?}: expected an IANA name such as Asia/Shanghai"
                    ),
                )
            })?),
            None => None,
        };

        let mut defaults = Vec::new();
        for (name, value) in &raw.defaults {
            let field = Field::parse_name(name)
                .filter(|f| !f.is_date() && !f.is_duration())
                .ok_or_else(|| {
                    at(
                        name,
                        format!("defaults: {name:?} is not a field that takes a default"),
                    )
                })?;
            let value = values.apply(field, value.0.trim()).to_string();
            check_value(field, &value)
                .map_err(|why| at(name, format!("defaults.{name}: {why}")))?;
            defaults.push((field, value));
        }
        let source = raw.source.map(|s| s.trim().to_string());
        if source.as_deref() == Some("") {
            return Err(at("source", "source: must not be empty".to_string()));
        }

        Ok(MappingFile {
            origin: origin.to_string(),
            columns,
            values,
            date_format: raw.date_format,
            timezone,
            nulls: raw
                .null
                .map(|n| n.into_iter().map(|s| s.0.trim().to_string()).collect()),
            defaults,
            source,
            detect: raw.detect.iter().map(|h| h.trim().to_string()).collect(),
            space_separated_tags: raw.space_separated_tags,
        })
    }

    /// This mapping with `top` laid over it: `top`'s columns, value
    /// translations and defaults win where both say something, and its
    /// date format, zone, null markers and source where it sets them.
    pub fn overlay(mut self, top: &MappingFile) -> MappingFile {
        self.origin = top.origin.clone();
        // Later entries for the same column win when the plan is built.
        self.columns.extend(top.columns.iter().cloned());
        self.values.overlay(&top.values);
        if top.date_format.is_some() {
            self.date_format.clone_from(&top.date_format);
        }
        if top.timezone.is_some() {
            self.timezone = top.timezone;
        }
        if top.nulls.is_some() {
            self.nulls.clone_from(&top.nulls);
        }
        for (field, value) in &top.defaults {
            self.defaults.retain(|(f, _)| f != field);
            self.defaults.push((*field, value.clone()));
        }
        if top.source.is_some() {
            self.source.clone_from(&top.source);
        }
        if !top.detect.is_empty() {
            self.detect.clone_from(&top.detect);
        }
        if top.space_separated_tags.is_some() {
            self.space_separated_tags = top.space_separated_tags;
        }
        self
    }
}

/// Parses one `--value 'field:From=To'` flag (`status:Escalated=open`,
/// `status:Escalated=open +escalated`): the field before the first `:`,
/// the file's value up to the last `=`, then what triage reads instead.
pub fn parse_value_arg(arg: &str) -> Result<(Field, String, String), ImportError> {
    let bad = |message: String| ImportError::ValueArg {
        arg: arg.to_string(),
        message,
    };
    let (name, rest) = arg
        .split_once(':')
        .ok_or_else(|| bad("expected FIELD:VALUE=NEW, e.g. status:Escalated=open".to_string()))?;
    let field = Field::parse_name(name)
        .filter(|f| f.takes_value_map())
        .ok_or_else(|| {
            bad(format!(
                "{:?} is not a field whose values can be translated: expected status, priority, \
                 channel, category, tier, team, assignee, csat, ...",
                name.trim()
            ))
        })?;
    let (from, to) = rest
        .rsplit_once('=')
        .ok_or_else(|| bad("expected FIELD:VALUE=NEW, e.g. status:Escalated=open".to_string()))?;
    if from.trim().is_empty() {
        return Err(bad("the value to translate is empty".to_string()));
    }
    let translation = Translation::parse(to);
    if translation.to.is_empty() && translation.tags.is_empty() {
        return Err(bad(
            "nothing after =: expected the value triage should read".to_string(),
        ));
    }
    if !translation.to.is_empty() {
        check_value(field, &translation.to).map_err(bad)?;
    }
    Ok((field, from.trim().to_string(), to.trim().to_string()))
}

/// Checks that a value (a value-map target or a default) will parse.
fn check_value(field: Field, value: &str) -> Result<(), String> {
    match field {
        Field::Priority if Priority::parse(value).is_none() => Err(format!(
            "{value:?} is not a priority: expected P1..P4, urgent/high/normal/low or 紧急/高/普通/低"
        )),
        Field::Status if Status::parse(value).is_none() => Err(format!(
            "{value:?} is not a status: expected new, assigned, open, pending, resolved or closed"
        )),
        Field::Csat if super::convert::parse_csat(value).is_none() => {
            Err(format!("{value:?} is not a satisfaction score: expected 1..5"))
        }
        _ => Ok(()),
    }
}

/// Line and column (1-based) of the first occurrence of `needle`.
fn find_position(text: &str, needle: &str) -> Option<(usize, usize)> {
    if needle.is_empty() {
        return None;
    }
    text.lines().enumerate().find_map(|(i, line)| {
        line.find(needle)
            .map(|col| (i + 1, line[..col].chars().count() + 1))
    })
}

/// How a column got its target.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum How {
    /// Its header is a synonym of the field.
    Synonym,
    /// `--map`.
    Flag,
    /// The mapping file.
    File,
    /// A built-in export layout (`--from NAME`, or detected).
    Layout(String),
    /// Its header is a synonym, but an earlier column already feeds the field.
    Duplicate { of: String },
    /// No field matches the header.
    Unmapped,
    /// Explicitly kept out of mapping (`-`).
    Ignored,
}

/// The decision for one column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ColumnPlan {
    pub index: usize,
    pub header: String,
    pub target: Target,
    pub how: How,
    /// For date columns after the count pass: the day/month order decided
    /// from the column's values.
    pub date_order: Option<DateOrder>,
}

/// The column → field plan, for `import --show-mapping` and for the row
/// converter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MappingPlan {
    pub columns: Vec<ColumnPlan>,
}

impl MappingPlan {
    /// Builds the plan: explicit instructions first (`--map` over the
    /// mapping file for the same column), then synonyms in column order;
    /// a synonym whose field is already fed keeps its column in `fields`.
    ///
    /// With `lenient`, explicit columns missing from `headers` are skipped
    /// (used to test whether a sheet looks like tickets).
    pub fn build(
        file: &str,
        headers: &[String],
        explicit: &[Explicit],
        lenient: bool,
    ) -> Result<MappingPlan, ImportError> {
        let mut chosen: Vec<Option<(Target, How)>> = vec![None; headers.len()];
        let mut fed: [Option<usize>; SLOTS] = [None; SLOTS];
        let normalized: Vec<String> = headers.iter().map(|h| normalize_header(h)).collect();

        // Flags come after the file's entries in `explicit`; a later entry
        // for the same column replaces an earlier one.
        let mut by_column: Vec<(usize, &Explicit)> = Vec::new();
        for e in explicit {
            let index = headers.iter().position(|h| *h == e.column).or_else(|| {
                let n = normalize_header(&e.column);
                normalized.iter().position(|h| *h == n && !n.is_empty())
            });
            let Some(index) = index else {
                // A layout names every column its system can export; a
                // file may have fewer.
                if lenient || matches!(e.origin, Origin::Layout(_)) {
                    continue;
                }
                return Err(explicit_error(
                    file,
                    e,
                    format!(
                        "no column named {:?}; the columns are: {}",
                        e.column,
                        headers.join(", ")
                    ),
                ));
            };
            by_column.retain(|(i, _)| *i != index);
            by_column.push((index, e));
        }
        for (index, e) in &by_column {
            let how = match (&e.target, &e.origin) {
                (Target::Keep, _) => How::Ignored,
                (_, Origin::Flag(_)) => How::Flag,
                (_, Origin::File { .. }) => How::File,
                (_, Origin::Layout(name)) => How::Layout(name.clone()),
            };
            if let Target::Field(field) = e.target {
                if let Some(other) = fed[field.slot()] {
                    return Err(explicit_error(
                        file,
                        e,
                        format!(
                            "columns {:?} and {:?} are both mapped to {field}",
                            headers[other], headers[*index]
                        ),
                    ));
                }
                fed[field.slot()] = Some(*index);
            }
            chosen[*index] = Some((e.target, how));
        }
        // Strong synonyms first, so a weak one (`urgency`) never takes a
        // field from a later column that names it (`priority`).
        for weak_pass in [false, true] {
            for (index, header) in headers.iter().enumerate() {
                if chosen[index].is_some() || is_weak_synonym(header) != weak_pass {
                    continue;
                }
                chosen[index] = Some(match header_field(header) {
                    Some(field) => match fed[field.slot()] {
                        Some(other) => (
                            Target::Keep,
                            How::Duplicate {
                                of: headers[other].clone(),
                            },
                        ),
                        None => {
                            fed[field.slot()] = Some(index);
                            (Target::Field(field), How::Synonym)
                        }
                    },
                    None => (Target::Keep, How::Unmapped),
                });
            }
        }
        let columns = headers
            .iter()
            .zip(chosen)
            .enumerate()
            .map(|(index, (header, choice))| {
                let (target, how) = choice.unwrap_or((Target::Keep, How::Unmapped));
                ColumnPlan {
                    index,
                    header: header.clone(),
                    target,
                    how,
                    date_order: None,
                }
            })
            .collect();
        Ok(MappingPlan { columns })
    }

    /// The column feeding `field`, if any (any unit for durations).
    pub fn column_of(&self, field: Field) -> Option<&ColumnPlan> {
        self.columns
            .iter()
            .find(|c| matches!(c.target, Target::Field(f) if f.slot() == field.slot()))
    }

    /// A ticket table maps at least a title or an id column.
    pub fn looks_like_tickets(&self) -> bool {
        self.column_of(Field::Title).is_some() || self.column_of(Field::ExternalId).is_some()
    }

    pub fn headers(&self) -> impl Iterator<Item = &str> {
        self.columns.iter().map(|c| c.header.as_str())
    }
}

fn explicit_error(file: &str, e: &Explicit, message: String) -> ImportError {
    match &e.origin {
        Origin::Flag(arg) => ImportError::MapArg {
            arg: arg.clone(),
            message: format!("{file}: {message}"),
        },
        Origin::File {
            file: mapping,
            line,
            column,
        } => ImportError::Mapping {
            file: mapping.clone(),
            line: *line,
            column: *column,
            message: format!("{file}: {message}"),
        },
        Origin::Layout(name) => ImportError::Mapping {
            file: format!("layout {name}"),
            line: None,
            column: None,
            message: format!("{file}: {message}"),
        },
    }
}

/// Display width of a string, counting East Asian wide characters as two.
fn width(s: &str) -> usize {
    s.chars()
        .map(|c| {
            let c = c as u32;
            let wide = (0x1100..=0x115F).contains(&c)
                || (0x2E80..=0xA4CF).contains(&c)
                || (0xAC00..=0xD7A3).contains(&c)
                || (0xF900..=0xFAFF).contains(&c)
                || (0xFE30..=0xFE4F).contains(&c)
                || (0xFF00..=0xFF60).contains(&c)
                || (0xFFE0..=0xFFE6).contains(&c)
                || (0x20000..=0x3FFFD).contains(&c);
            if wide {
                2
            } else {
                1
            }
        })
        .sum()
}

impl fmt::Display for MappingPlan {
    /// One line per column: `header  →  field  (how)`, aligned.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let rows: Vec<(String, String, String)> = self
            .columns
            .iter()
            .map(|c| {
                let target = match c.target {
                    Target::Field(field) => field.name(),
                    Target::Keep => format!("fields[{:?}]", c.header),
                };
                let mut how = match &c.how {
                    How::Synonym => "header synonym".to_string(),
                    How::Flag => "--map".to_string(),
                    How::File => "mapping file".to_string(),
                    How::Layout(name) => format!("layout {name}"),
                    How::Duplicate { of } => {
                        format!("same field as column {of:?}, kept in fields")
                    }
                    How::Unmapped => "no matching field".to_string(),
                    How::Ignored => "ignored by mapping".to_string(),
                };
                if let Some(order) = c.date_order {
                    how.push_str(match order {
                        DateOrder::DayFirst => "; dates day-first",
                        DateOrder::MonthFirst => "; dates month-first",
                    });
                }
                (c.header.clone(), target, how)
            })
            .collect();
        let w0 = rows.iter().map(|r| width(&r.0)).max().unwrap_or(0);
        let w1 = rows.iter().map(|r| width(&r.1)).max().unwrap_or(0);
        for (header, target, how) in rows {
            let pad0 = " ".repeat(w0 - width(&header));
            let pad1 = " ".repeat(w1 - width(&target));
            writeln!(f, "{header}{pad0}  →  {target}{pad1}  ({how})")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn normalization() {
        assert_eq!(normalize_header(" Created_At "), "createdat");
        assert_eq!(normalize_header("Ｃｒｅａｔｅｄ　Ａｔ"), "createdat");
        assert_eq!(normalize_header("首次响应时长（分钟）"), "首次响应时长分钟");
        assert_eq!(normalize_header("Ticket-ID#"), "ticketid");
    }

    #[test]
    fn synonyms_in_english_and_chinese() {
        for (header, field) in [
            ("Subject", Field::Title),
            ("标题", Field::Title),
            ("主题", Field::Title),
            ("short_description", Field::Title),
            ("问题描述", Field::Body),
            ("客户姓名", Field::CustomerName),
            ("联系电话", Field::CustomerPhone),
            ("邮箱", Field::CustomerEmail),
            ("客户等级", Field::CustomerTier),
            ("来源", Field::Channel),
            ("工单类型", Field::Category),
            ("紧急程度", Field::Priority),
            ("State", Field::Status),
            ("负责人", Field::Assignee),
            ("Assignment group", Field::Team),
            ("提交时间", Field::CreatedAt),
            ("Created (UTC)", Field::CreatedAt),
            ("首次响应时间", Field::FirstResponseAt),
            ("完成时间", Field::ResolvedAt),
            ("关闭时间", Field::ClosedAt),
            ("工单编号", Field::ExternalId),
            ("Ticket ID", Field::ExternalId),
            ("标签", Field::Tags),
            ("客户编号", Field::CustomerId),
            ("满意度", Field::Csat),
            (
                "first_response_minutes",
                Field::FirstResponseAfter(TimeUnit::Minutes),
            ),
            ("resolution_hours", Field::ResolutionAfter(TimeUnit::Hours)),
            (
                "首次响应时长(分钟)",
                Field::FirstResponseAfter(TimeUnit::Minutes),
            ),
            ("解决时长（小时）", Field::ResolutionAfter(TimeUnit::Hours)),
            (
                "First response time (in hrs)",
                Field::FirstResponseAfter(TimeUnit::Hours),
            ),
        ] {
            assert_eq!(header_field(header), Some(field), "{header}");
        }
        assert_eq!(header_field("备注"), None);
        assert_eq!(header_field("首次响应时长"), None, "no unit: not guessed");
    }

    #[test]
    fn priority_beats_urgency_whatever_the_order() {
        let h = headers(&["number", "urgency", "impact", "priority"]);
        let plan = MappingPlan::build("f.csv", &h, &[], false).unwrap();
        assert_eq!(plan.columns[3].target, Target::Field(Field::Priority));
        assert_eq!(
            plan.columns[1].how,
            How::Duplicate {
                of: "priority".into()
            }
        );
        let alone = headers(&["number", "urgency"]);
        let plan = MappingPlan::build("f.csv", &alone, &[], false).unwrap();
        assert_eq!(plan.columns[1].target, Target::Field(Field::Priority));
    }

    #[test]
    fn value_translations_may_add_tags() {
        let t = Translation::parse("open +escalated +vip");
        assert_eq!((t.to.as_str(), t.tags.len()), ("open", 2));
        assert_eq!(t.to_string(), "open +escalated +vip");
        assert_eq!(Translation::parse("+vip").to, "");
        assert_eq!(Translation::parse("Service Desk").to, "Service Desk");
        let (field, from, to) = parse_value_arg("status:Awaiting: parts=pending +parts").unwrap();
        assert_eq!(
            (field, from.as_str(), to.as_str()),
            (Field::Status, "Awaiting: parts", "pending +parts")
        );
        for (arg, why) in [
            ("status:Escalated=P9", "is not a status"),
            ("Escalated=open", "expected FIELD:VALUE=NEW"),
            (
                "created_at:x=y",
                "not a field whose values can be translated",
            ),
            ("status:=open", "the value to translate is empty"),
            ("status:x=", "nothing after ="),
        ] {
            let e = parse_value_arg(arg).unwrap_err().to_string();
            assert!(e.contains(why), "{arg}: {e}");
        }
        let mut maps = ValueMaps::default();
        maps.insert(Field::Status, "Escalated", "open +escalated");
        assert_eq!(maps.apply(Field::Status, "ESCALATED"), "open");
        assert_eq!(
            maps.lookup(Field::Status, "escalated").unwrap().tags,
            ["escalated"]
        );
    }

    #[test]
    fn duplicate_headers_are_disambiguated() {
        let h = unique_headers(["Note", "Note", "", "Note (2)", "Note"]);
        assert_eq!(
            h,
            ["Note", "Note (2)", "Column 3", "Note (2) (2)", "Note (3)"]
        );
    }

    #[test]
    fn plan_prefers_explicit_then_first_synonym() {
        let h = headers(&["Number", "Subject", "Title", "Notes", "Opened"]);
        let plan = MappingPlan::build("f.csv", &h, &[], false).unwrap();
        assert_eq!(plan.columns[1].target, Target::Field(Field::Title));
        assert_eq!(
            plan.columns[2].how,
            How::Duplicate {
                of: "Subject".into()
            }
        );
        assert_eq!(plan.columns[3].target, Target::Keep);
        let explicit = vec![
            Explicit {
                column: "title".into(),
                target: Target::Field(Field::Title),
                origin: Origin::Flag("Title=title".into()),
            },
            Explicit {
                column: "Subject".into(),
                target: Target::Keep,
                origin: Origin::Flag("Subject=-".into()),
            },
        ];
        let plan = MappingPlan::build("f.csv", &h, &explicit, false).unwrap();
        assert_eq!(plan.columns[2].target, Target::Field(Field::Title));
        assert_eq!(plan.columns[2].how, How::Flag);
        assert_eq!(plan.columns[1].how, How::Ignored);
        let text = plan.to_string();
        assert!(text.contains("Title    →  title"), "{text}");
        assert!(text.contains("fields[\"Notes\"]"), "{text}");
    }

    #[test]
    fn plan_errors_name_the_flag_or_file() {
        let h = headers(&["A", "B"]);
        let (column, target) = parse_map_arg("Nope=title").unwrap();
        let e = MappingPlan::build(
            "f.csv",
            &h,
            &[Explicit {
                column,
                target,
                origin: Origin::Flag("Nope=title".into()),
            }],
            false,
        )
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "--map \"Nope=title\": f.csv: no column named \"Nope\"; the columns are: A, B"
        );
        let both = [
            Explicit {
                column: "A".into(),
                target: Target::Field(Field::Title),
                origin: Origin::Flag("A=title".into()),
            },
            Explicit {
                column: "B".into(),
                target: Target::Field(Field::Title),
                origin: Origin::Flag("B=title".into()),
            },
        ];
        let e = MappingPlan::build("f.csv", &h, &both, false).unwrap_err();
        assert!(e.to_string().contains("both mapped to title"), "{e}");
        assert!(parse_map_arg("A=bogus")
            .unwrap_err()
            .to_string()
            .contains("unknown field"));
        assert!(parse_map_arg("nothing").is_err());
        assert_eq!(
            parse_map_arg("a=b=优先级").unwrap(),
            ("a=b".into(), Target::Field(Field::Priority))
        );
        assert_eq!(parse_map_arg("X=ignore").unwrap().1, Target::Keep);
    }

    #[test]
    fn mapping_file_is_strict_and_located() {
        let text = "columns:\n  Sev: priority\nvalues:\n  priority:\n    \"3 - Moderate\": P3\n    1: P1\n  status:\n    待客户反馈: pending\ndate_format: \"%d/%m/%Y %H:%M\"\ntimezone: Asia/Shanghai\nnull: [\"?\", \"N/A\", \"-\", \"\"]\ndefaults: {channel: import, priority: P3}\nsource: legacy-crm\n";
        let m = MappingFile::parse(text, "map.yaml").unwrap();
        assert_eq!(m.columns[0].target, Target::Field(Field::Priority));
        assert_eq!(m.values.apply(Field::Priority, "3 - moderate"), "P3");
        assert_eq!(m.values.apply(Field::Priority, "1"), "P1");
        assert_eq!(m.values.apply(Field::Status, "待客户反馈"), "pending");
        assert_eq!(m.timezone, Some(chrono_tz::Asia::Shanghai));
        assert_eq!(m.nulls.as_ref().unwrap().len(), 4);
        assert_eq!(m.defaults.len(), 2);
        assert_eq!(m.source.as_deref(), Some("legacy-crm"));

        let e = MappingFile::parse("columns: {}\ncolums: {}\n", "map.yaml").unwrap_err();
        let s = e.to_string();
        assert!(s.starts_with("map.yaml:2:1: unknown field `colums`"), "{s}");
        let e = MappingFile::parse("values:\n  priority:\n    Sev3: P9\n", "map.yaml").unwrap_err();
        assert!(
            e.to_string()
                .starts_with("map.yaml:3:11: values.priority: \"Sev3\" → \"P9\" is not a priority"),
            "{e}"
        );
        let e = MappingFile::parse("timezone: Mars/Olympus\n", "map.yaml").unwrap_err();
        assert!(
            e.to_string().starts_with("map.yaml:1:1: unknown time zone"),
            "{e}"
        );
        let e = MappingFile::parse("columns:\n  A: wat\n", "map.yaml").unwrap_err();
        assert!(
            e.to_string()
                .starts_with("map.yaml:2:6: columns: unknown field \"wat\""),
            "{e}"
        );
        let e = MappingFile::parse("date_format: \"%Q\"\n", "map.yaml").unwrap_err();
        assert!(e.to_string().contains("bad date format"), "{e}");
        assert!(MappingFile::parse("", "empty.yaml").is_ok());
    }
}
