//! Made-up but plausible ticket text for `--export-tickets`: a title and a
//! matching body by category (English and Chinese, worded so that the
//! default classification rules file them under the category they came
//! from), customers drawn from a pool in which a few write often, and
//! channels. Every value is a function of the seed and the ticket id, so
//! it does not disturb the simulation's random streams. Text is written
//! into buffers the caller reuses: a million rows allocate nothing per row.

use std::fmt::Write;

use crate::model::TicketId;

/// A deterministic generator for one export.
#[derive(Clone, Debug)]
pub struct Synth {
    seed: u64,
    /// Size of the customer pool.
    customers: u64,
}

/// The made-up parts of one ticket, in reusable buffers.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Text {
    pub title: String,
    pub body: String,
    pub customer: String,
    pub email: String,
    pub phone: String,
    pub tier: String,
    pub channel: String,
}

fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

/// A tiny stream of numbers for one ticket.
struct Draw(u64);

impl Draw {
    fn next(&mut self) -> u64 {
        self.0 = mix(self.0);
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

const FIRST: &[(&str, &str)] = &[
    ("Ann", "ann"),
    ("Ben", "ben"),
    ("Chloe", "chloe"),
    ("David", "david"),
    ("Emma", "emma"),
    ("Felix", "felix"),
    ("Grace", "grace"),
    ("Hugo", "hugo"),
    ("Iris", "iris"),
    ("Jack", "jack"),
    ("Maria", "maria"),
    ("Noah", "noah"),
    ("Olivia", "olivia"),
    ("Priya", "priya"),
    ("Ravi", "ravi"),
    ("Sofia", "sofia"),
    ("Tom", "tom"),
    ("Yuki", "yuki"),
    ("Zoe", "zoe"),
    ("Omar", "omar"),
];
const LAST: &[(&str, &str)] = &[
    ("Smith", "smith"),
    ("Garcia", "garcia"),
    ("Müller", "mueller"),
    ("Kim", "kim"),
    ("Nguyen", "nguyen"),
    ("Rossi", "rossi"),
    ("Okafor", "okafor"),
    ("Silva", "silva"),
    ("Tanaka", "tanaka"),
    ("Jensen", "jensen"),
];
/// Chinese names, written family name first, with their pinyin.
const CHINESE: &[(&str, &str)] = &[
    ("王芳", "wang.fang"),
    ("李伟", "li.wei"),
    ("张敏", "zhang.min"),
    ("刘洋", "liu.yang"),
    ("陈静", "chen.jing"),
    ("杨磊", "yang.lei"),
    ("赵丽", "zhao.li"),
    ("黄勇", "huang.yong"),
];

/// Title and body pairs; `{order}`, `{time}` and `{kind}` are filled in.
type Templates = &'static [(&'static str, &'static str)];

const BILLING: Templates = &[
    (
        "Charged twice for order {order}",
        "I was charged twice for order number {order}. Please refund the second payment.",
    ),
    (
        "Refund request for order {order}",
        "I returned order {order} two weeks ago. When will the refund arrive?",
    ),
    (
        "Invoice missing for order {order}",
        "Could you send the invoice for order {order}? Our accounts team needs it.",
    ),
    (
        "退款申请：订单号 {order}",
        "订单号：{order}，重复扣款，请尽快退款。",
    ),
    (
        "发票抬头需要修改",
        "订单号：{order} 的发票抬头写错了，请重新开具发票。",
    ),
];
const ACCOUNT: Templates = &[
    (
        "Forgot my password",
        "I can't sign in: I forgot my password and the reset email never arrives.",
    ),
    (
        "Password reset link expired",
        "The password reset link has expired before I could use it. Can you send a new one?",
    ),
    (
        "Please reset my password",
        "Please reset my password, I am locked out since {time}.",
    ),
    ("密码重置邮件收不到", "忘记密码了，重置邮件一直收不到。"),
];
const INCIDENT: Templates = &[
    (
        "Outage: dashboard is down",
        "The dashboard has been down since {time}; nobody on our team can work.",
    ),
    (
        "Service down, cannot login",
        "Since {time} every login fails. This is an outage for us.",
    ),
    (
        "系统宕机，无法登录",
        "系统宕机，所有用户无法登录，请紧急处理。",
    ),
];
const TECHNICAL: Templates = &[
    (
        "Error 500 when exporting a report",
        "I get an error every time I export the monthly report. Steps attached.",
    ),
    (
        "App crash on startup",
        "The app shows a crash report right after the splash screen since the last update.",
    ),
    (
        "Sync fails with a timeout error",
        "Syncing stops with a timeout error after a few minutes.",
    ),
    ("上传附件时报错", "上传附件时一直报错，换浏览器也一样。"),
];
const SHIPPING: Templates = &[
    (
        "Where is my order {order}?",
        "Order {order} was due last week and tracking has not moved.",
    ),
    (
        "Package arrived damaged",
        "The box for order {order} arrived crushed and the item is broken.",
    ),
    (
        "Wrong item delivered for order {order}",
        "I received a different product than the one I ordered ({order}).",
    ),
    (
        "物流一直没有更新",
        "订单号：{order}，物流信息三天没有更新。",
    ),
];
const GENERAL: Templates = &[
    (
        "Question about {kind}",
        "Hello, I have a question about {kind}. Thanks for your help.",
    ),
    (
        "Need help with {kind}",
        "Could someone help me with {kind}? I could not find it in the help center.",
    ),
    (
        "Follow-up on my earlier request",
        "Following up on my request from last week about {kind}.",
    ),
    ("咨询：{kind}", "您好，想咨询一下{kind}的问题，谢谢。"),
];

fn templates(category: Option<&str>) -> Templates {
    let c = category.unwrap_or("").to_ascii_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| c.contains(w));
    if has(&["bill", "refund", "invoice", "payment"]) {
        BILLING
    } else if has(&["account", "password", "login"]) {
        ACCOUNT
    } else if has(&["incident", "outage"]) {
        INCIDENT
    } else if has(&["tech", "bug", "error"]) {
        TECHNICAL
    } else if has(&["ship", "deliver", "logistic"]) {
        SHIPPING
    } else {
        GENERAL
    }
}

/// Copies `template` into `out` with the placeholders filled.
fn fill(out: &mut String, template: &str, order: u32, time: (usize, usize), kind: &str) {
    out.clear();
    let mut rest = template;
    while let Some(i) = rest.find('{') {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let (skip, done) = if tail.starts_with("{order}") {
            let _ = write!(out, "A-{order}");
            (7, true)
        } else if tail.starts_with("{time}") {
            let _ = write!(out, "{:02}:{:02}", time.0, time.1);
            (6, true)
        } else if tail.starts_with("{kind}") {
            out.push_str(kind);
            (6, true)
        } else {
            (1, false)
        };
        if !done {
            out.push('{');
        }
        rest = &tail[skip..];
    }
    out.push_str(rest);
}

impl Synth {
    /// A generator whose customer pool suits about `tickets` tickets.
    pub fn new(seed: u64, tickets: f64) -> Synth {
        Synth {
            seed,
            customers: ((tickets / 4.0) as u64).max(200),
        }
    }

    /// Writes the text of ticket `id` into `out`. `kind` names the kind
    /// (for general templates); `tier` and `channel` override made-up ones.
    pub fn text(
        &self,
        id: TicketId,
        category: Option<&str>,
        kind: &str,
        tier: Option<&str>,
        channel: Option<&str>,
        out: &mut Text,
    ) {
        let mut d = Draw(self.seed ^ mix(id));
        let t = templates(category);
        let order = 10_000 + d.below(90_000) as u32;
        let time = (7 + d.below(4), d.below(60));
        let (title, body) = t[d.below(t.len())];
        fill(&mut out.title, title, order, time, kind);
        fill(&mut out.body, body, order, time, kind);
        // A skewed draw: a few customers write often, most write once.
        let u = d.unit();
        let customer_no = ((u * u * u) * self.customers as f64) as u64;
        let mut c = Draw(self.seed ^ mix(customer_no ^ 0xC0FF_EE00));
        out.customer.clear();
        out.email.clear();
        if c.below(5) == 0 {
            let (name, pinyin) = CHINESE[c.below(CHINESE.len())];
            out.customer.push_str(name);
            out.email.push_str(pinyin);
        } else {
            let (f, fp) = FIRST[c.below(FIRST.len())];
            let (l, lp) = LAST[c.below(LAST.len())];
            let _ = write!(out.customer, "{f} {l}");
            let _ = write!(out.email, "{fp}.{lp}");
        }
        let _ = write!(out.email, "{customer_no}@example.com");
        out.phone.clear();
        if c.below(10) < 6 {
            // NANP 555 numbers; no leading `+`, which CSV would escape.
            let _ = write!(
                out.phone,
                "555-{:03}-{:04}",
                customer_no / 10_000 % 1000,
                customer_no % 10_000
            );
        }
        let made_tier = match c.below(100) {
            0..=2 => "vip",
            3..=12 => "gold",
            _ => "standard",
        };
        const CHANNELS: [&str; 8] = [
            "email", "email", "email", "chat", "chat", "web", "web", "phone",
        ];
        let made_channel = CHANNELS[d.below(CHANNELS.len())];
        out.tier.clear();
        out.tier.push_str(tier.unwrap_or(made_tier));
        out.channel.clear();
        out.channel.push_str(channel.unwrap_or(made_channel));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &Synth, id: u64, category: Option<&str>, tier: Option<&str>) -> Text {
        let mut t = Text::default();
        s.text(id, category, "refund", tier, None, &mut t);
        t
    }

    #[test]
    fn text_is_a_function_of_seed_and_id() {
        let s = Synth::new(7, 10_000.0);
        let a = text(&s, 42, Some("billing"), None);
        assert_eq!(a, text(&s, 42, Some("billing"), None));
        assert_ne!(a, text(&s, 43, Some("billing"), None));
        assert_ne!(a, text(&Synth::new(8, 10_000.0), 42, Some("billing"), None));
        assert!(a.email.ends_with("@example.com"), "{a:?}");
        assert!(!a.title.contains('{') && !a.body.contains('{'), "{a:?}");
        let b = text(&s, 42, None, Some("vip"));
        assert_eq!(b.tier, "vip");
        assert!(
            b.title.contains("refund") || b.title.starts_with("Follow-up"),
            "{b:?}"
        );
    }

    #[test]
    fn placeholders_are_filled_and_braces_kept() {
        let mut out = String::new();
        fill(
            &mut out,
            "{order} at {time} about {kind} {x}",
            12345,
            (9, 5),
            "tax",
        );
        assert_eq!(out, "A-12345 at 09:05 about tax {x}");
    }
}
