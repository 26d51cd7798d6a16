//! Made-up but plausible ticket text for `--export-tickets`: titles and
//! bodies by category (English and Chinese, worded so that the default
//! classification rules file them as the category they came from),
//! customers drawn from a fixed pool with a few frequent ones, and
//! channels. Every value is a function of the seed and the ticket id, so
//! it does not disturb the simulation's random streams.

use crate::model::TicketId;

/// A deterministic generator for one export.
#[derive(Clone, Debug)]
pub struct Synth {
    seed: u64,
    /// Size of the customer pool.
    customers: u64,
}

/// The made-up parts of one ticket.
#[derive(Clone, Debug, PartialEq, Eq)]
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
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len())]
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

struct Templates {
    titles: &'static [&'static str],
    bodies: &'static [&'static str],
}

const BILLING: Templates = Templates {
    titles: &[
        "Charged twice for order {order}",
        "Refund request for order {order}",
        "Invoice missing for order {order}",
        "Refund not received yet",
        "退款申请：订单号 {order}",
        "发票抬头需要修改",
    ],
    bodies: &[
        "I was charged twice for order number {order}. Please refund the second payment.",
        "Could you send the invoice for order {order}? Our accounts team needs it.",
        "订单号：{order}，重复扣款，请尽快退款。",
    ],
};
const ACCOUNT: Templates = Templates {
    titles: &[
        "Forgot my password",
        "Please reset my password",
        "Password reset link expired",
        "密码重置邮件收不到",
    ],
    bodies: &[
        "I can't sign in and the password reset link has expired. Can you help?",
        "Please reset my password, the email never arrives.",
        "忘记密码了，重置邮件一直收不到。",
    ],
};
const INCIDENT: Templates = Templates {
    titles: &[
        "Outage: dashboard is down",
        "Service down, cannot login",
        "系统宕机，无法登录",
        "API down since this morning",
    ],
    bodies: &[
        "The whole team cannot login since {time}. This is blocking our work.",
        "Outage: every request returns 502. Order {order} is stuck.",
        "系统宕机，所有用户无法登录，请紧急处理。",
    ],
};
const TECHNICAL: Templates = Templates {
    titles: &[
        "Error 500 when exporting a report",
        "App crash on startup",
        "Sync fails with a timeout error",
        "上传附件时报错",
    ],
    bodies: &[
        "I get an error every time I export the monthly report. Steps attached.",
        "The app shows a crash report right after the splash screen.",
        "上传附件时一直报错，换浏览器也一样。",
    ],
};
const SHIPPING: Templates = Templates {
    titles: &[
        "Where is my order {order}?",
        "Package arrived damaged",
        "Wrong item delivered for order {order}",
        "物流一直没有更新",
    ],
    bodies: &[
        "Order {order} was due last week and tracking has not moved.",
        "The box for order {order} arrived crushed and the item is broken.",
        "订单号：{order}，物流信息三天没有更新。",
    ],
};
const GENERAL: Templates = Templates {
    titles: &[
        "Question about {kind}",
        "Need help with {kind}",
        "Follow-up on my earlier request",
        "咨询：{kind}",
    ],
    bodies: &[
        "Hello, I have a question about {kind}. Thanks for your help.",
        "Following up on my request from last week about {kind}.",
        "您好，想咨询一下{kind}的问题，谢谢。",
    ],
};

fn templates(category: Option<&str>) -> &'static Templates {
    let c = category.unwrap_or("").to_ascii_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| c.contains(w));
    if has(&["bill", "refund", "invoice", "payment"]) {
        &BILLING
    } else if has(&["account", "password", "login"]) {
        &ACCOUNT
    } else if has(&["incident", "outage"]) {
        &INCIDENT
    } else if has(&["tech", "bug", "error"]) {
        &TECHNICAL
    } else if has(&["ship", "deliver", "logistic"]) {
        &SHIPPING
    } else {
        &GENERAL
    }
}

impl Synth {
    /// A generator whose customer pool suits about `tickets` tickets.
    pub fn new(seed: u64, tickets: f64) -> Synth {
        Synth {
            seed,
            customers: ((tickets / 4.0) as u64).max(200),
        }
    }

    /// The text of ticket `id`. `kind` names the kind (for general
    /// templates); `tier` and `channel` override the made-up ones.
    pub fn text(
        &self,
        id: TicketId,
        category: Option<&str>,
        kind: &str,
        tier: Option<&str>,
        channel: Option<&str>,
    ) -> Text {
        let mut d = Draw(self.seed ^ mix(id));
        let t = templates(category);
        let order = format!("A-{}", 10_000 + d.below(90_000));
        let time = format!("{:02}:{:02}", 7 + d.below(4), d.below(60));
        let fill = |s: &str| {
            s.replace("{order}", &order)
                .replace("{time}", &time)
                .replace("{kind}", kind)
        };
        let title = fill(d.pick(t.titles));
        let body = fill(d.pick(t.bodies));
        // A skewed draw: a few customers write often, most write once.
        let u = d.unit();
        let customer_no = ((u * u * u) * self.customers as f64) as u64;
        let mut c = Draw(self.seed ^ mix(customer_no ^ 0xC0FF_EE00));
        let (name, handle) = if c.below(5) == 0 {
            let (n, p) = CHINESE[c.below(CHINESE.len())];
            (n.to_string(), p.to_string())
        } else {
            let (f, fp) = FIRST[c.below(FIRST.len())];
            let (l, lp) = LAST[c.below(LAST.len())];
            (format!("{f} {l}"), format!("{fp}.{lp}"))
        };
        let email = format!("{handle}{customer_no}@example.com");
        let phone = if c.below(10) < 6 {
            format!(
                "555-{:03}-{:04}",
                customer_no / 10_000 % 1000,
                customer_no % 10_000
            )
        } else {
            String::new()
        };
        let made_tier = match c.below(100) {
            0..=2 => "vip",
            3..=12 => "gold",
            _ => "standard",
        };
        let made_channel = d.pick(&[
            "email", "email", "email", "chat", "chat", "web", "web", "phone",
        ]);
        Text {
            title,
            body,
            customer: name,
            email,
            phone,
            tier: tier.unwrap_or(made_tier).to_string(),
            channel: channel.unwrap_or(made_channel).to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_a_function_of_seed_and_id() {
        let s = Synth::new(7, 10_000.0);
        let a = s.text(42, Some("billing"), "refund", None, None);
        assert_eq!(a, s.text(42, Some("billing"), "refund", None, None));
        assert_ne!(a, s.text(43, Some("billing"), "refund", None, None));
        assert!(a.email.ends_with("@example.com"), "{a:?}");
        let b = s.text(42, None, "refund", Some("vip"), Some("chat"));
        assert_eq!((b.tier.as_str(), b.channel.as_str()), ("vip", "chat"));
    }
}
