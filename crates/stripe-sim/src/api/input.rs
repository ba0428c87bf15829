//! Request parameters: the query string (GET, DELETE) or the body (POST): form-encoded, or
//! `multipart/form-data` for file uploads. JSON bodies are refused, as Stripe does not read them.

use axum::http::request::Parts;
use serde_json::{Map, Value};

use crate::domain::files::{self, Upload};
use crate::wire::multipart;
use crate::wire::{form, ApiError};

/// The largest request body accepted (a maximal upload plus its form fields).
pub const MAX_BODY: usize = files::MAX_SIZE + 1024 * 1024;

/// Parsed parameters and, for uploads, the file.
#[derive(Debug, Clone)]
pub struct Input {
    pub params: Value,
    pub upload: Option<Upload>,
}

/// Reads the parameters of a request.
pub fn read(parts: &Parts, body: &[u8]) -> Result<Input, ApiError> {
    let query = parts.uri.query().unwrap_or("").as_bytes();
    let mut params = parse_form(query)?;
    if parts.method != "POST" {
        return Ok(Input {
            params,
            upload: None,
        });
    }
    let content_type = parts
        .headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    let (body_params, upload) = if let Some(boundary) = multipart::boundary(&content_type) {
        read_multipart(body, &boundary)?
    } else if content_type.trim_start().starts_with("application/json") {
        return Err(ApiError::invalid(
            "Invalid request: parameters must be form-encoded (application/x-www-form-urlencoded), as with Stripe; JSON bodies are not read.",
        ));
    } else {
        (parse_form(body)?, None)
    };
    merge(&mut params, body_params);
    Ok(Input { params, upload })
}

fn parse_form(bytes: &[u8]) -> Result<Value, ApiError> {
    form::parse(bytes).map_err(|e| ApiError::invalid(e.message).with_param(e.key))
}

fn read_multipart(body: &[u8], boundary: &str) -> Result<(Value, Option<Upload>), ApiError> {
    let parts = multipart::parse(body, boundary)
        .map_err(|e| ApiError::invalid(format!("Invalid multipart/form-data body: {}", e.0)))?;
    let mut fields = url::form_urlencoded::Serializer::new(String::new());
    let mut file = None;
    for part in parts {
        if part.name == "file" {
            file = Some(part);
        } else {
            fields.append_pair(&part.name, &String::from_utf8_lossy(&part.data));
        }
    }
    let params = parse_form(fields.finish().as_bytes())?;
    let upload = file.map(|part| Upload {
        purpose: params
            .get("purpose")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned(),
        filename: part.filename,
        content_type: part.content_type,
        data: part.data,
    });
    Ok((params, upload))
}

fn merge(target: &mut Value, extra: Value) {
    if let (Value::Object(target), Value::Object(extra)) = (target, extra) {
        let extra: Map<String, Value> = extra;
        for (k, v) in extra {
            target.insert(k, v);
        }
    }
}
