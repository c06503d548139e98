//! Reading a letter from a request body: which format it claims, and the
//! strict decoding of each, so malformed input is refused rather than guessed.

use super::WebError;
use crate::letter::LetterForm;
use axum::http::{HeaderMap, header};
use percent_encoding::percent_decode;

/// The largest letter body accepted, in bytes.
pub const MAX_BODY_BYTES: usize = 16 * 1024;

/// The formats a letter may arrive in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyFormat {
    Form,
    Json,
}

/// The format the `Content-Type` header declares, parameters ignored.
pub fn declared_format(headers: &HeaderMap) -> Option<BodyFormat> {
    let content_type = headers.get(header::CONTENT_TYPE)?.to_str().ok()?;
    let essence = content_type.split(';').next()?.trim();
    if essence.eq_ignore_ascii_case("application/x-www-form-urlencoded") {
        Some(BodyFormat::Form)
    } else if essence.eq_ignore_ascii_case("application/json") {
        Some(BodyFormat::Json)
    } else {
        None
    }
}

/// Whether a client wants errors as JSON: it sends JSON or accepts it.
pub fn wants_json(headers: &HeaderMap) -> bool {
    let accepts_json = headers
        .get(header::ACCEPT)
        .and_then(|accept| accept.to_str().ok())
        .is_some_and(|accept| accept.contains("application/json"));
    declared_format(headers) == Some(BodyFormat::Json) || accepts_json
}

pub fn parse_letter_form(format: BodyFormat, body: &[u8]) -> Result<LetterForm, WebError> {
    match format {
        // Through a map first: serde would otherwise take an array for a struct.
        BodyFormat::Json => {
            serde_json::from_slice::<serde_json::Map<String, serde_json::Value>>(body)
                .and_then(|object| serde_json::from_value(object.into()))
                .map_err(|_| {
                    WebError::Malformed(
                        "expected a JSON object whose fields are text, and opt_in true or false",
                    )
                })
        }
        BodyFormat::Form => parse_urlencoded(body),
    }
}

fn decode(raw: &[u8]) -> Result<String, WebError> {
    let spaced: Vec<u8> = raw
        .iter()
        .map(|&b| if b == b'+' { b' ' } else { b })
        .collect();
    percent_decode(&spaced)
        .decode_utf8()
        .map(|text| text.into_owned())
        .map_err(|_| WebError::Malformed("the form is not valid UTF-8"))
}

/// Decodes a urlencoded form. Unlike lenient decoders, bytes that are not
/// UTF-8 are refused instead of replaced, and a field given twice is refused
/// instead of one copy winning silently.
fn parse_urlencoded(body: &[u8]) -> Result<LetterForm, WebError> {
    let mut form = LetterForm::default();
    let mut seen = Vec::new();
    for pair in body.split(|&b| b == b'&').filter(|pair| !pair.is_empty()) {
        let (raw_name, raw_value) = match pair.iter().position(|&b| b == b'=') {
            Some(at) => (&pair[..at], &pair[at + 1..]),
            None => (pair, &[][..]),
        };
        let name = decode(raw_name)?;
        let value = decode(raw_value)?;
        if seen.contains(&name) {
            return Err(WebError::Malformed("a field was given twice"));
        }
        if set_field(&mut form, &name, value) {
            seen.push(name);
        }
    }
    Ok(form)
}

/// Sets the field called `name`; false when the form has no such field,
/// which is ignored so that extra fields never fail a letter.
fn set_field(form: &mut LetterForm, name: &str, value: String) -> bool {
    let slot = match name {
        "first_name" => &mut form.first_name,
        "last_name" => &mut form.last_name,
        "email" => &mut form.email,
        "street" => &mut form.street,
        "city" => &mut form.city,
        "state" => &mut form.state,
        "zip" => &mut form.zip,
        "subject" => &mut form.subject,
        "message" => &mut form.message,
        "closing" => &mut form.closing,
        "opt_in" => {
            form.opt_in = matches!(value.as_str(), "on" | "true" | "1" | "yes");
            return true;
        }
        _ => return false,
    };
    *slot = value;
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_form_decodes_plus_and_percent_escapes() {
        let form =
            parse_urlencoded(b"first_name=Ada+Byron&city=S%C3%A3o%20Paulo&opt_in=on&unknown=x")
                .unwrap();
        assert_eq!(form.first_name, "Ada Byron");
        assert_eq!(form.city, "São Paulo");
        assert!(form.opt_in);
    }

    #[test]
    fn an_unchecked_opt_in_is_false() {
        assert!(!parse_urlencoded(b"first_name=Ada").unwrap().opt_in);
    }

    #[test]
    fn bad_forms_are_refused() {
        for (case, body) in [
            ("invalid UTF-8 escape", &b"first_name=%FF%FE"[..]),
            ("raw invalid UTF-8", &b"first_name=\xff"[..]),
            ("repeated field", &b"email=a%40b.org&email=c%40d.org"[..]),
            ("repeated opt-in", &b"opt_in=on&opt_in=on"[..]),
        ] {
            assert!(parse_urlencoded(body).is_err(), "{case}");
        }
    }

    #[test]
    fn json_must_be_an_object_of_the_right_types() {
        for body in [
            &b"[]"[..],
            b"{\"first_name\": 5}",
            b"{\"opt_in\": \"yes\"}",
            b"{",
            b"\xff",
        ] {
            assert!(parse_letter_form(BodyFormat::Json, body).is_err());
        }
        let form = parse_letter_form(
            BodyFormat::Json,
            br#"{"first_name": "Ada", "opt_in": true}"#,
        )
        .unwrap();
        assert!(form.opt_in);
    }
}
