//! Applying the rule file to a ticket: conditions, extraction,
//! classification and knowledge links. Pure functions.

use std::borrow::Cow;
use std::cell::OnceCell;

use super::refs::FlowRef;
use super::schema::{ClassifyRule, Condition, FieldName};
use super::Rules;
use crate::model::Ticket;

/// A ticket as conditions see it: title and body joined, and lower-cased,
/// each made once however many conditions look at them.
pub struct Subject<'t> {
    ticket: &'t Ticket,
    text: OnceCell<String>,
    lower_text: OnceCell<String>,
}

impl<'t> Subject<'t> {
    pub fn new(ticket: &'t Ticket) -> Subject<'t> {
        Subject {
            ticket,
            text: OnceCell::new(),
            lower_text: OnceCell::new(),
        }
    }

    /// Title and body, as typed.
    fn text(&self) -> &str {
        self.text
            .get_or_init(|| format!("{}\n{}", self.ticket.title, self.ticket.body))
    }

    /// The value a condition sees for a field, lower-cased for comparison.
    fn value(&self, field: Option<&FieldName>) -> Cow<'_, str> {
        let ticket = self.ticket;
        let text: Cow<'_, str> = match field {
            None | Some(FieldName::Text) => {
                return Cow::Borrowed(self.lower_text.get_or_init(|| self.text().to_lowercase()))
            }
            Some(FieldName::Title) => Cow::Borrowed(&ticket.title),
            Some(FieldName::Body) => Cow::Borrowed(&ticket.body),
            Some(FieldName::Category) => Cow::Borrowed(ticket.category.as_deref().unwrap_or("")),
            Some(FieldName::Channel) => Cow::Borrowed(&ticket.channel),
            Some(FieldName::Tier) => Cow::Borrowed(ticket.customer.tier.as_deref().unwrap_or("")),
            Some(FieldName::Priority) => Cow::Borrowed(ticket.priority.as_str()),
            Some(FieldName::Team) => Cow::Borrowed(ticket.team.as_deref().unwrap_or("")),
            Some(FieldName::Source) => Cow::Borrowed(ticket.source.as_deref().unwrap_or("")),
            Some(FieldName::Assignee) => Cow::Borrowed(ticket.assignee.as_deref().unwrap_or("")),
            Some(FieldName::Status) => Cow::Borrowed(ticket.status.as_str()),
            Some(FieldName::Tags) => Cow::Owned(ticket.tags.join("\n")),
            Some(FieldName::CustomerName) => {
                Cow::Borrowed(ticket.customer.name.as_deref().unwrap_or(""))
            }
            Some(FieldName::CustomerEmail) => {
                Cow::Borrowed(ticket.customer.email.as_deref().unwrap_or(""))
            }
            Some(FieldName::CustomerPhone) => {
                Cow::Borrowed(ticket.customer.phone.as_deref().unwrap_or(""))
            }
            Some(FieldName::CustomerId) => {
                Cow::Borrowed(ticket.customer.id.as_deref().unwrap_or(""))
            }
            Some(FieldName::Custom(name)) => {
                Cow::Borrowed(ticket.fields.get(name).map_or("", String::as_str))
            }
        };
        lowered(text)
    }
}

/// `text` lower-cased, allocating only when it has upper-case letters.
fn lowered(text: Cow<'_, str>) -> Cow<'_, str> {
    if text.chars().any(char::is_uppercase) {
        Cow::Owned(text.to_lowercase())
    } else {
        text
    }
}

/// Whether `value` (already lower-cased) equals `expected` ignoring case
/// and surrounding space.
fn equal_ignoring_case(value: &str, expected: &str) -> bool {
    expected
        .trim()
        .chars()
        .flat_map(char::to_lowercase)
        .eq(value.trim().chars())
}

/// Whether every part of the condition holds for the ticket. An empty
/// condition holds for every ticket.
pub fn matches(condition: &Condition, ticket: &Ticket) -> bool {
    matches_subject(condition, &Subject::new(ticket))
}

/// [`matches`] on a ticket whose texts are made once for many conditions.
pub fn matches_subject(condition: &Condition, subject: &Subject<'_>) -> bool {
    let ticket = subject.ticket;
    if let Some(all) = &condition.all {
        if !all.iter().all(|c| matches_subject(c, subject)) {
            return false;
        }
    }
    if let Some(any) = &condition.any {
        if !any.iter().any(|c| matches_subject(c, subject)) {
            return false;
        }
    }
    if let Some(not) = &condition.not {
        if matches_subject(not, subject) {
            return false;
        }
    }
    let field = condition.field.as_ref();
    if condition.equals.is_some() || condition.one_of.is_some() || condition.contains.is_some() {
        let value = subject.value(field);
        if let Some(expected) = &condition.equals {
            if !equal_ignoring_case(&value, expected) {
                return false;
            }
        }
        if let Some(options) = &condition.one_of {
            if !options.iter().any(|o| equal_ignoring_case(&value, o)) {
                return false;
            }
        }
        if let Some(keywords) = &condition.contains {
            if !keywords
                .1
                .iter()
                .any(|k| !k.is_empty() && value.contains(k.as_str()))
            {
                return false;
            }
        }
    }
    if let Some(pattern) = &condition.regex {
        // The regex is compiled case-insensitive, so match the original text.
        let matched = match field {
            None | Some(FieldName::Text) => pattern.0.is_match(subject.text()),
            _ => pattern.0.is_match(&subject.value(field)),
        };
        if !matched {
            return false;
        }
    }
    let list_check = |list: &Option<super::schema::OneOrMany>, value: Option<&str>| match list {
        None => true,
        Some(options) => {
            let value = lowered(Cow::Borrowed(value.unwrap_or("")));
            options.1.iter().any(|o| o.trim() == value.trim())
        }
    };
    if !list_check(&condition.tier, ticket.customer.tier.as_deref())
        || !list_check(&condition.channel, Some(&ticket.channel))
        || !list_check(&condition.category, ticket.category.as_deref())
        || !list_check(&condition.source, ticket.source.as_deref())
    {
        return false;
    }
    if let Some(priorities) = &condition.priority {
        if !priorities.iter().any(|p| p.0 == ticket.priority) {
            return false;
        }
    }
    true
}

/// What classification decided, rule by rule, for `rules test` and audit notes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Classification {
    /// Names (or 1-based numbers) of the rules that matched.
    pub matched: Vec<String>,
    /// A flow a matching rule asked to start.
    pub flow: Option<String>,
}

fn rule_label(rule: &ClassifyRule, index: usize) -> String {
    rule.name
        .clone()
        .unwrap_or_else(|| format!("rule {}", index + 1))
}

/// Runs `extract` rules: each regex capture fills its field unless the
/// ticket already has a value for it (a value given by the caller wins).
pub fn extract(rules: &Rules, ticket: &mut Ticket) {
    let text = format!("{}\n{}", ticket.title, ticket.body);
    for rule in &rules.file.extract {
        if ticket.fields.contains_key(&rule.field) {
            continue;
        }
        if let Some(captures) = rule.regex.0.captures(&text) {
            let group = rule.group.unwrap_or(if captures.len() > 1 { 1 } else { 0 });
            if let Some(m) = captures.get(group) {
                ticket
                    .fields
                    .insert(rule.field.clone(), m.as_str().to_string());
            }
        }
    }
}

/// Runs `classify` rules in order. The first matching rule wins unless it
/// says `continue: true`. Values the caller set explicitly are kept:
/// `explicit` lists the fields (`category`, `priority`, `team`) given on
/// the command line or in the import row, which rules do not overwrite.
/// Skills and tags are added to.
pub fn classify(rules: &Rules, ticket: &mut Ticket, explicit: &[&str]) -> Classification {
    let mut outcome = Classification::default();
    // Rules set category, team and the like, never title or body: the
    // joined text stays valid from one rule to the next.
    let (mut raw, mut lower) = (None, None);
    for (index, rule) in rules.file.classify.iter().enumerate() {
        let subject = Subject::new(ticket);
        if let Some(text) = raw.take() {
            let _ = subject.text.set(text);
        }
        if let Some(text) = lower.take() {
            let _ = subject.lower_text.set(text);
        }
        let hit = matches_subject(&rule.when, &subject);
        raw = subject.text.into_inner();
        lower = subject.lower_text.into_inner();
        if !hit {
            continue;
        }
        outcome.matched.push(rule_label(rule, index));
        let set = &rule.set;
        if let Some(category) = &set.category {
            if !explicit.contains(&"category") {
                ticket.category = Some(category.clone());
            }
        }
        if let Some(priority) = set.priority {
            if !explicit.contains(&"priority") {
                ticket.priority = priority.0;
            }
        }
        if let Some(team) = &set.team {
            if !explicit.contains(&"team") {
                ticket.team = Some(team.0.clone());
            }
        }
        for skill in &set.skills {
            if !ticket.skills.contains(skill) {
                ticket.skills.push(skill.clone());
            }
        }
        for tag in &set.tags {
            ticket.add_tag(tag);
        }
        if let Some(FlowRef(flow)) = &set.flow {
            outcome.flow.get_or_insert_with(|| flow.clone());
        }
        if !rule.keep_going {
            break;
        }
    }
    outcome
}

/// Knowledge articles whose keywords appear in the title or body.
pub fn knowledge_links(rules: &Rules, ticket: &Ticket) -> Vec<String> {
    if rules.file.knowledge.is_empty() {
        return Vec::new();
    }
    let subject = Subject::new(ticket);
    let text = subject.value(None);
    rules
        .file
        .knowledge
        .iter()
        .filter(|k| {
            k.keywords.iter().any(|kw| {
                !kw.is_empty()
                    && if kw.chars().any(char::is_uppercase) {
                        text.contains(&kw.to_lowercase())
                    } else {
                        text.contains(kw.as_str())
                    }
            })
        })
        .map(|k| k.article.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Priority;
    use chrono::{TimeZone, Utc};

    fn ticket(title: &str, body: &str) -> Ticket {
        let mut t = Ticket::new(title, Utc.with_ymd_and_hms(2026, 3, 5, 10, 0, 0).unwrap());
        t.body = body.to_string();
        t
    }

    const RULES: &str = r#"
teams:
  - id: billing
classify:
  - name: refund
    when:
      any:
        - contains: [refund, 退款]
        - regex: 'charged\s+twice'
    set: {category: billing, priority: high, team: billing, skills: [billing], tags: [refund]}
  - name: vip-outage
    when:
      all:
        - tier: vip
        - contains: outage
    set: {priority: urgent}
  - name: not-spam
    when:
      not: {field: channel, equals: spam}
    set: {tags: [human]}
extract:
  - field: order_no
    regex: '订单号[:：]?\s*(\w+)'
knowledge:
  - keywords: [password, 密码]
    article: KB-101
"#;

    #[test]
    fn chinese_keyword_classifies() {
        let rules = Rules::parse(RULES, "t").unwrap();
        let mut t = ticket("申请退款", "订单号：A123 重复扣款");
        extract(&rules, &mut t);
        let outcome = classify(&rules, &mut t, &[]);
        assert_eq!(outcome.matched, vec!["refund"]);
        assert_eq!(t.category.as_deref(), Some("billing"));
        assert_eq!(t.priority, Priority::P2);
        assert_eq!(t.team.as_deref(), Some("billing"));
        assert_eq!(t.fields["order_no"], "A123");
    }

    #[test]
    fn regex_and_all_any_not() {
        let rules = Rules::parse(RULES, "t").unwrap();
        let mut t = ticket("I was CHARGED  twice", "");
        classify(&rules, &mut t, &[]);
        assert_eq!(t.category.as_deref(), Some("billing"));

        let mut t = ticket("Outage in EU", "");
        t.customer.tier = Some("VIP".into());
        let outcome = classify(&rules, &mut t, &[]);
        assert_eq!(outcome.matched, vec!["vip-outage"]);
        assert_eq!(t.priority, Priority::P1);

        let mut t = ticket("Outage in EU", "");
        let outcome = classify(&rules, &mut t, &[]);
        assert_eq!(outcome.matched, vec!["not-spam"]);
        t.channel = "spam".into();
        t.tags.clear();
        assert!(classify(&rules, &mut t, &[]).matched.is_empty());
    }

    #[test]
    fn explicit_values_win() {
        let rules = Rules::parse(RULES, "t").unwrap();
        let mut t = ticket("refund please", "");
        t.priority = Priority::P4;
        classify(&rules, &mut t, &["priority"]);
        assert_eq!(t.priority, Priority::P4);
        assert_eq!(t.category.as_deref(), Some("billing"));
    }

    #[test]
    fn knowledge_by_keyword() {
        let rules = Rules::parse(RULES, "t").unwrap();
        assert_eq!(
            knowledge_links(&rules, &ticket("忘记密码", "")),
            vec!["KB-101"]
        );
        assert!(knowledge_links(&rules, &ticket("hello", "")).is_empty());
    }
}
