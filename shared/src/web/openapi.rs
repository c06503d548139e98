//! The public routes, and staff's letters for each office, described in
//! OpenAPI 3.1, served at `/openapi.json` for API clients, and checked
//! against the running server by schemathesis in the test command. The letter's fields, their limits and choices come
//! from the letter's one definition, so the document cannot drift from what
//! the server checks.

use super::AppState;
use crate::campaign::CampaignCatalog;
use crate::domain::Widget;
use crate::language::Language;
use crate::letter::{Field, LetterForm};
use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};

/// `GET /openapi.json`.
pub async fn openapi(State(app): State<AppState>) -> Response {
    Json(document(&app.catalog)).into_response()
}

/// The whole document; the open campaigns of `catalog` are the slugs' examples.
pub fn document(catalog: &CampaignCatalog) -> Value {
    let mut slug = path_parameter("slug", "The campaign's slug.");
    let open: Vec<String> = catalog.open().map(|c| c.slug.to_string()).collect();
    slug["schema"]["examples"] = open.into();
    let token = path_parameter("token", "The signed token from a link in an email.");
    let file = path_parameter("file", "A static file's name.");
    let mut picture = path_parameter("picture", "A share picture's name, as the page gives it.");
    picture["schema"]["pattern"] = "^[0-9a-f]{16}[.]png$".into();
    let mut office = path_parameter(
        "office",
        "The office's code: S or H, the state, two digits (SME01, HTX07).",
    );
    office["schema"]["pattern"] = "^[SH][A-Z]{2}[0-9]{2}$".into();
    office["schema"]["examples"] = json!(["SME01", "HTX07"]);
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Letters to Congress",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "The public routes of a letter campaign. A letter is sent as \
                JSON (answered 201 with its recipients) or as the page's form (answered \
                with a redirect to the thank-you page). Every letter needs a form token, \
                from `/c/{slug}/form-token`: without one, or with one too fresh or too \
                old, the letter is sent back to be sent again (409, with a token); with a \
                forged one the answer looks normal and nothing is stored. Staff also get each office's letters, to deliver \
                by hand or by email.",
        },
        "paths": {
            "/": { "get": page("The open campaigns.", None) },
            "/healthz": { "get": {
                "summary": "Whether the store answers.",
                "responses": {
                    "200": json_response("The store answers.", status_schema()),
                    "503": json_response("The store does not answer.", status_schema()),
                },
            }},
            "/openapi.json": { "get": {
                "summary": "This document.",
                "responses": { "200": json_response("The document.", json!({ "type": "object" })) },
            }},
            "/c/{slug}": { "get": page(
                "A campaign's page and letter form; `?lang=en` or `?lang=es` for its language \
                 (else the browser's `Accept-Language`), `?embed=1` for a partner's frame, and \
                 `source`, `utm_source`, `utm_medium`, `utm_campaign` carried into the form.",
                Some(&slug),
            )},
            "/c/{slug}/thanks": { "get": page("The thank-you page (`?embed=1` in a frame, `?lang=` its language).", Some(&slug)) },
            "/c/{slug}/count": { "get": {
                "summary": "Letters written to the campaign so far, and its goal.",
                "parameters": [slug],
                "responses": {
                    "200": json_response("The count.", json!({
                        "type": "object",
                        "required": ["count", "goal"],
                        "properties": {
                            "count": { "type": "integer", "minimum": 0 },
                            "goal": { "type": "integer", "minimum": 0 },
                        },
                    })),
                    "404": json_response("No such campaign.", error_schema()),
                    "410": json_response("The campaign is retired.", error_schema()),
                    "503": json_response("The store does not answer.", error_schema()),
                },
            }},
            "/c/{slug}/form-token": { "get": {
                "summary": "A form token for a letter to the campaign, dated now: the page's \
                            script fetches one when its visitor first touches the form.",
                "parameters": [slug],
                "responses": {
                    "200": json_response("The token.", json!({
                        "type": "object",
                        "required": ["form_token"],
                        "properties": { "form_token": { "type": "string" } },
                    })),
                    "404": json_response("No such campaign.", error_schema()),
                    "410": json_response("The campaign is retired.", error_schema()),
                },
            }},
            "/c/{slug}/share.png": { "get": {
                "summary": "The campaign's picture for shared links.",
                "parameters": [slug],
                "responses": {
                    "200": { "description": "The picture.", "content": { "image/png": {} } },
                    "404": html("No such campaign, or none drawn for its headline."),
                    "410": html("The campaign is retired."),
                },
            }},
            "/c/{slug}/share/{picture}": { "get": {
                "summary": "A campaign's picture for shared links by the name its page gives it (a digest of its words): never changes.",
                "parameters": [slug, picture],
                "responses": {
                    "200": { "description": "The picture.", "content": { "image/png": {} } },
                    "404": html("No such campaign, or no picture of that name."),
                    "410": html("The campaign is retired."),
                },
            }},
            "/c/{slug}/letters": { "post": submit(slug.clone()) },
            "/static/{file}": { "get": {
                "summary": "The page's script, styles and fonts.",
                "parameters": [file],
                "responses": {
                    "200": { "description": "The file." },
                    "404": html("No such file."),
                },
            }},
            "/withdraw/{token}": link_routes("Withdraw a letter", &token),
            "/confirm/{token}": link_routes("Confirm a letter and the updates asked for", &token),
            "/receipt/{token}": { "get": page(
                "A letter's receipt: where it stands with each office.",
                Some(&token),
            )},
            "/admin/c/{slug}/offices/{office}/letters": { "get": office_letters(
                "Every letter addressed to the office, whatever its delivery.",
                &slug,
                &office,
            )},
            "/admin/c/{slug}/offices/{office}/unreachable": { "get": office_letters(
                "The letters the office's delivery service cannot reach.",
                &slug,
                &office,
            )},
        },
        "components": {
            "schemas": { "Letter": letter_schema() },
            "securitySchemes": { "analyst": {
                "type": "http",
                "scheme": "bearer",
                "description": "The local server's ADMIN_TOKEN. On AWS these routes are on \
                    the analysts' API (the stack's AnalystApiUrl), which takes requests \
                    signed with the analyst's AWS credentials (SigV4) instead.",
            }},
        },
    })
}

/// The letter as either format carries it: each field's limit, choices and
/// early check as its domain type gives them.
fn letter_schema() -> Value {
    let mut properties = Map::new();
    let mut required = Vec::new();
    for field in Field::ALL {
        let control = field.control();
        let title = field.label().in_language(Language::En);
        let mut property = json!({ "type": "string", "title": title });
        if let Some(max) = control.max_chars {
            property["maxLength"] = max.into();
        }
        if let Widget::Select { choices, .. } = control.widget {
            // Every language's choices: a letter in Spanish closes in Spanish.
            let mut values: Vec<&str> = Language::ALL
                .into_iter()
                .flat_map(choices)
                .map(|(value, _)| value)
                .collect();
            values.dedup();
            property["enum"] = values.into();
        }
        if let Some((pattern, message)) = control.early_check {
            property["pattern"] = pattern.into();
            property["description"] = message.in_language(Language::En).into();
        }
        if control.required.is_some() {
            property["minLength"] = control.min_chars.unwrap_or(1).into();
            required.push(field.name());
        }
        properties.insert(field.name().to_owned(), property);
    }
    // The checkboxes and hidden inputs: what the form has beyond the fields.
    let Ok(Value::Object(wire)) = serde_json::to_value(LetterForm::default()) else {
        unreachable!("the form serialises as an object");
    };
    for (name, default) in wire {
        properties.entry(name).or_insert_with(|| match default {
            Value::Bool(_) => json!({ "type": "boolean" }),
            _ => json!({ "type": "string", "maxLength": 4096 }),
        });
    }
    json!({
        "type": "object",
        "properties": properties,
        "required": required,
    })
}

fn submit(slug: Value) -> Value {
    let schema = json!({ "$ref": "#/components/schemas/Letter" });
    json!({
        "summary": "Write a letter.",
        "parameters": [slug],
        "requestBody": {
            "required": true,
            "content": {
                "application/json": { "schema": schema },
                "application/x-www-form-urlencoded": { "schema": schema },
            },
        },
        "responses": {
            "201": json_response("Stored (or already stored for this address).", json!({
                "type": "object",
                "required": ["id", "recipients"],
                "properties": {
                    "id": { "type": "string", "format": "uuid" },
                    "recipients": { "type": "array", "items": { "type": "object" } },
                    "district": { "type": ["string", "null"] },
                },
            })),
            "303": { "description": "The form's letter stored: on to the thank-you page." },
            "400": either("A body that is not a letter (not UTF-8, not an object, a field twice)."),
            "403": either("Sent from another site."),
            "404": either("No such campaign."),
            "409": either(
                "Send it again: the form expired, or came sooner than a person types, without \
                 its token, or with one another letter spent. It comes back as typed, with a \
                 token to send it with.",
            ),
            "410": either("The campaign is closed or retired."),
            "413": either("A body larger than any letter."),
            "415": either("Neither JSON nor a form, or a charset other than UTF-8."),
            "422": either("Fields to correct, each with its message."),
            "429": either("Too many letters from this address or client for now."),
            "503": either("The store could not take the letter now: send it again."),
        },
    })
}

/// One office's letters for staff: a page of CSV or printable HTML, with
/// every personal field, the next page's cursor in a header.
fn office_letters(summary: &str, slug: &Value, office: &Value) -> Value {
    let query = |name: &str, schema: Value, description: &str| json!({ "name": name, "in": "query", "description": description, "schema": schema });
    let page = json!({ "type": "string" });
    json!({
        "summary": format!("{summary} Staff only; every request is logged."),
        "security": [{ "analyst": [] }],
        "parameters": [
            slug,
            office,
            query("format", json!({ "enum": ["csv", "html"] }), "CSV (the default), or printable letters, one a page."),
            query("cursor", page.clone(), "The x-next-cursor of the page before."),
            query("limit", json!({ "type": "integer", "minimum": 1, "maximum": 1000 }), "Letters a page; 1,000 unless given."),
        ],
        "responses": {
            "200": {
                "description": "A page of the office's letters; none is an empty page, not an error.",
                "headers": {
                    "x-page-rows": { "description": "Letters on this page.", "schema": { "type": "string" } },
                    "x-next-cursor": { "description": "Where the next page starts; absent on the last.", "schema": page },
                },
                "content": { "text/csv": {}, "text/html": {} },
            },
            "400": json_response("A format, limit, cursor or query this route does not take.", error_schema()),
            "401": json_response("No credentials.", error_schema()),
            "403": json_response("Credentials that are not valid.", error_schema()),
            "404": json_response("No such campaign.", error_schema()),
            "422": json_response("An office code that is not one.", error_schema()),
            "503": json_response("The store does not answer.", error_schema()),
        },
    })
}

/// A link's page (`GET`, which changes nothing) and its button (`POST`).
fn link_routes(action: &str, token: &Value) -> Value {
    let post = json!({
        "summary": format!("{action}."),
        "parameters": [token],
        "responses": {
            "200": html("Done."),
            "303": { "description": "Done: on to the page that says so." },
            "403": html("Sent from another site."),
            "404": html("The link is not valid, has expired, or its letter is gone."),
        },
    });
    json!({
        "get": page(&format!("{action}: the page with its button."), Some(token)),
        "post": post,
    })
}

fn page(summary: &str, parameter: Option<&Value>) -> Value {
    json!({
        "summary": summary,
        "parameters": parameter.into_iter().collect::<Vec<_>>(),
        "responses": {
            "200": html("The page."),
            "404": html("Not found."),
            "410": html("The campaign is retired: its page is taken down."),
            "503": html("The store does not answer."),
        },
    })
}

fn path_parameter(name: &str, description: &str) -> Value {
    json!({
        "name": name,
        "in": "path",
        "required": true,
        "description": description,
        "schema": { "type": "string", "maxLength": 512 },
    })
}

fn html(description: &str) -> Value {
    json!({ "description": description, "content": { "text/html": {} } })
}

fn json_response(description: &str, schema: Value) -> Value {
    json!({ "description": description, "content": { "application/json": { "schema": schema } } })
}

/// An answer in the format asked in: JSON for JSON clients, else the page.
fn either(description: &str) -> Value {
    json!({
        "description": description,
        "content": { "application/json": { "schema": error_schema() }, "text/html": {} },
    })
}

fn error_schema() -> Value {
    json!({
        "type": "object",
        "properties": {
            "error": { "type": "string" },
            "form_token": { "type": "string", "description": "The token to send the letter again with." },
        },
    })
}

fn status_schema() -> Value {
    json!({
        "type": "object",
        "required": ["status"],
        "properties": { "status": { "enum": ["ok", "unavailable"] } },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_offices_letters_are_documented_for_staff_with_their_paging() {
        let document = document(&CampaignCatalog::bundled().unwrap());
        for path in [
            "/admin/c/{slug}/offices/{office}/letters",
            "/admin/c/{slug}/offices/{office}/unreachable",
        ] {
            let get = &document["paths"][path]["get"];
            assert_eq!(get["security"], json!([{ "analyst": [] }]), "{path}");
            for status in ["200", "401", "404", "422"] {
                assert!(get["responses"].get(status).is_some(), "{path} {status}");
            }
            let headers = &get["responses"]["200"]["headers"];
            assert!(headers.get("x-next-cursor").is_some(), "{path}");
        }
        assert!(
            document["components"]["securitySchemes"]
                .get("analyst")
                .is_some()
        );
    }

    #[test]
    fn the_letter_schema_has_every_field_with_its_limits() {
        let schema = letter_schema();
        let properties = schema["properties"].as_object().unwrap();
        for field in Field::ALL {
            assert!(properties.contains_key(field.name()), "{}", field.name());
        }
        assert_eq!(properties["message"]["maxLength"], 5000);
        assert_eq!(properties["opt_in"]["type"], "boolean");
        assert!(properties.contains_key("form_token"));
        let states = properties["state"]["enum"].as_array().unwrap();
        assert!(states.contains(&json!("TX")));
        assert!(
            schema["required"]
                .as_array()
                .unwrap()
                .contains(&json!("email"))
        );
    }
}
