//! Server-rendered pages: plain HTML forms with stable `name`/`id` attributes, no JavaScript.

use std::collections::HashMap;

use crate::model::Account;
use crate::onboarding::flow::FieldError;

/// Escapes text for HTML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

const STYLE: &str = "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;background:#f6f9fc;color:#1a1f36;margin:0}\
main{max-width:34rem;margin:2rem auto;background:#fff;border-radius:8px;box-shadow:0 2px 8px rgba(0,0,0,.08);padding:2rem}\
.brand{color:#635bff;font-weight:600;margin:0 0 .5rem}h1{font-size:1.4rem;margin:.2rem 0 1rem}\
ol.steps{display:flex;gap:1rem;padding:0;list-style:none;font-size:.85rem;color:#697386}ol.steps .current{color:#635bff;font-weight:600}\
label{display:block;font-weight:500;margin:1rem 0 .3rem}input,select,textarea{width:100%;box-sizing:border-box;padding:.5rem;border:1px solid #c1c9d2;border-radius:4px;font:inherit}\
input[type=checkbox]{width:auto;margin-right:.5rem}.check{display:flex;align-items:center;font-weight:400}\
button{margin-top:1.5rem;background:#635bff;color:#fff;border:0;border-radius:4px;padding:.6rem 1.2rem;font:inherit;font-weight:600;cursor:pointer}\
.errors{background:#fff0f0;border:1px solid #df1b41;border-radius:4px;padding:.5rem 1rem;color:#df1b41}.error{color:#df1b41;font-size:.85rem;margin:.2rem 0}\
.hint{color:#697386;font-size:.85rem;margin:.2rem 0}dl{display:grid;grid-template-columns:auto 1fr;gap:.3rem 1rem}dt{color:#697386}";

/// A complete page.
pub fn page(title: &str, body: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{} · stripe-sim</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n<p class=\"brand\">stripe-sim · test mode</p>\n<h1>{}</h1>\n{body}\n</main>\n</body>\n</html>\n",
        escape(title),
        escape(title)
    )
}

/// A page with a single message (expired link, finished onboarding, ...).
pub fn message(title: &str, text: &str) -> String {
    page(title, &format!("<p id=\"message\">{}</p>", escape(text)))
}

/// Values shown in a form: what was just submitted, else what the account has.
pub struct Values<'a> {
    pub submitted: Option<&'a HashMap<String, String>>,
    pub errors: &'a [FieldError],
}

impl Values<'_> {
    fn get(&self, name: &str, current: Option<&str>) -> String {
        match self.submitted {
            Some(form) => form.get(name).cloned().unwrap_or_default(),
            None => current.unwrap_or("").to_owned(),
        }
    }

    fn error(&self, name: &str) -> String {
        self.errors
            .iter()
            .filter(|e| e.field == name)
            .map(|e| {
                format!(
                    "<p class=\"error\" id=\"{name}-error\">{}</p>",
                    escape(&e.message)
                )
            })
            .collect()
    }
}

fn error_summary(errors: &[FieldError]) -> String {
    if errors.is_empty() {
        return String::new();
    }
    let items: String = errors
        .iter()
        .map(|e| {
            format!(
                "<li><a href=\"#{}\">{}</a></li>",
                e.field,
                escape(&e.message)
            )
        })
        .collect();
    format!("<div class=\"errors\" role=\"alert\" id=\"errors\"><ul>{items}</ul></div>")
}

fn text_input(
    values: &Values<'_>,
    name: &str,
    label: &str,
    kind: &str,
    current: Option<&str>,
    hint: Option<&str>,
) -> String {
    let hint = hint
        .map(|h| format!("<p class=\"hint\">{}</p>", escape(h)))
        .unwrap_or_default();
    format!(
        "<label for=\"{name}\">{}</label>{hint}<input type=\"{kind}\" id=\"{name}\" name=\"{name}\" value=\"{}\">{}",
        escape(label),
        escape(&values.get(name, current)),
        values.error(name)
    )
}

fn select(
    values: &Values<'_>,
    name: &str,
    label: &str,
    options: &[(&str, &str)],
    current: Option<&str>,
) -> String {
    let selected = values.get(name, current);
    let opts: String = options
        .iter()
        .map(|(value, text)| {
            let sel = if *value == selected { " selected" } else { "" };
            format!(
                "<option value=\"{}\"{sel}>{}</option>",
                escape(value),
                escape(text)
            )
        })
        .collect();
    format!(
        "<label for=\"{name}\">{}</label><select id=\"{name}\" name=\"{name}\">{opts}</select>{}",
        escape(label),
        values.error(name)
    )
}

/// The step list shown at the top of each form.
pub fn progress(steps: &[String], current: &str) -> String {
    let items: String = steps
        .iter()
        .enumerate()
        .map(|(i, step)| {
            let class = if step == current {
                " class=\"current\""
            } else {
                ""
            };
            format!("<li{class}>{}. {}</li>", i + 1, step_title(step))
        })
        .collect();
    format!("<ol class=\"steps\">{items}</ol>")
}

/// The heading of a step.
pub fn step_title(step: &str) -> &'static str {
    match step {
        "details" => "Business details",
        "tos" => "Terms of service",
        "bank" => "Bank account",
        _ => "Onboarding",
    }
}

const MCCS: &[(&str, &str)] = &[
    ("5734", "Computer software stores (5734)"),
    ("5812", "Restaurants and eating places (5812)"),
    ("5814", "Fast food restaurants (5814)"),
    ("5691", "Clothing stores (5691)"),
    ("5999", "Miscellaneous retail (5999)"),
    ("7299", "Personal services (7299)"),
    ("8299", "Educational services (8299)"),
    ("8398", "Charitable organizations (8398)"),
];

/// Step 1's form.
pub fn details_form(action: &str, account: &Account, values: &Values<'_>) -> String {
    let person = account.individual.as_ref();
    let company = account.company.as_ref().and_then(|c| c.name.as_deref());
    let profile = &account.business_profile;
    let mut mccs: Vec<(&str, &str)> = vec![("", "Choose an industry")];
    mccs.extend_from_slice(MCCS);
    let body = [
        select(
            values,
            "business_type",
            "Type of business",
            &[("", "Choose a type"), ("individual", "Individual / sole proprietor"), ("company", "Company"), ("non_profit", "Non-profit")],
            account.business_type.as_deref(),
        ),
        text_input(values, "first_name", "First name (individuals)", "text", person.and_then(|p| p.first_name.as_deref()), None),
        text_input(values, "last_name", "Last name (individuals)", "text", person.and_then(|p| p.last_name.as_deref()), None),
        text_input(values, "company_name", "Legal business name (companies)", "text", company, None),
        text_input(values, "business_name", "Doing business as (optional)", "text", profile.name.as_deref(), None),
        text_input(values, "email", "Email", "email", account.email.as_deref(), None),
        select(values, "mcc", "Industry", &mccs, profile.mcc.as_deref()),
        text_input(values, "url", "Business website", "text", profile.url.as_deref(), Some("Or describe your products below.")),
        format!(
            "<label for=\"product_description\">Product description</label><textarea id=\"product_description\" name=\"product_description\" rows=\"3\">{}</textarea>{}",
            escape(&values.get("product_description", profile.product_description.as_deref())),
            values.error("product_description")
        ),
        text_input(values, "support_phone", "Support phone (optional)", "tel", profile.support_phone.as_deref(), None),
    ]
    .concat();
    form(action, &error_summary(values.errors), &body, "Continue")
}

/// Step 2's form.
pub fn tos_form(action: &str, values: &Values<'_>) -> String {
    let body = format!(
        "<p id=\"terms\">By continuing you agree to the Stripe Connected Account Agreement, which includes the Stripe Services Agreement. (Simulated: no agreement is formed.)</p>\
<label class=\"check\" for=\"accept\"><input type=\"checkbox\" id=\"accept\" name=\"accept\" value=\"true\">I accept the terms of service</label>{}",
        values.error("accept")
    );
    form(
        action,
        &error_summary(values.errors),
        &body,
        "Agree and continue",
    )
}

/// Step 3's form: routing + account number in the US, IBAN (`account_number`) elsewhere.
pub fn bank_form(action: &str, account: &Account, values: &Values<'_>) -> String {
    let holder = account
        .individual
        .as_ref()
        .map(|p| {
            format!(
                "{} {}",
                p.first_name.as_deref().unwrap_or(""),
                p.last_name.as_deref().unwrap_or("")
            )
        })
        .or_else(|| account.company.as_ref().and_then(|c| c.name.clone()));
    let keep = if account.external_accounts.data.is_empty() {
        String::new()
    } else {
        "<p class=\"hint\" id=\"keep-hint\">Leave the account number empty to keep the current bank account.</p>".into()
    };
    let numbers = if account.country == "US" {
        [
            text_input(
                values,
                "routing_number",
                "Routing number",
                "text",
                None,
                Some("Test routing number: 110000000"),
            ),
            text_input(
                values,
                "account_number",
                "Account number",
                "text",
                None,
                Some("Test account number: 000123456789"),
            ),
        ]
        .concat()
    } else {
        text_input(
            values,
            "account_number",
            "IBAN",
            "text",
            None,
            Some("Test IBAN: DE89370400440532013000"),
        )
    };
    let body = format!(
        "{keep}{}{numbers}",
        text_input(
            values,
            "account_holder_name",
            "Account holder name",
            "text",
            holder.as_deref(),
            None
        )
    );
    form(action, &error_summary(values.errors), &body, "Finish")
}

fn form(action: &str, errors: &str, body: &str, button: &str) -> String {
    format!(
        "{errors}<form method=\"post\" action=\"{}\" id=\"onboarding-form\">{body}<button type=\"submit\" id=\"submit\">{}</button></form>",
        escape(action),
        escape(button)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(
            escape("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }
}
