//! Multipart uploads: a `file` part streamed into the file store, and form
//! fields, which become the source options.

use std::io::Write;

use axum::extract::multipart::{Multipart, MultipartError};
use genui_storage::files::{FileKey, PendingFile};
use serde_json::{Map, Value};

use crate::error::{plain_text, ApiError, ApiResult, ErrorCode};
use crate::AppState;

/// An uploaded file (stored) and the other form fields.
pub struct Upload {
    pub file: Option<StoredUpload>,
    pub fields: Vec<(String, String)>,
}

/// A file persisted in the store; removed again on drop unless kept.
pub struct StoredUpload {
    pub key: FileKey,
    pub bytes: u64,
    state: AppState,
    keep: bool,
}

impl StoredUpload {
    pub fn path(&self) -> std::path::PathBuf {
        self.state.files.path(&self.key)
    }

    /// The file now belongs to a set: do not remove it.
    pub fn keep(mut self) -> FileKey {
        self.keep = true;
        self.key.clone()
    }
}

impl Drop for StoredUpload {
    fn drop(&mut self) {
        if !self.keep {
            let _ = self.state.files.remove(&self.key);
        }
    }
}

fn multipart_error(e: MultipartError) -> ApiError {
    let status = e.status();
    if status == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
        ApiError::new(
            ErrorCode::PayloadTooLarge,
            "the upload is larger than the configured limit (GENUI_UPLOAD_LIMIT)",
        )
    } else {
        ApiError::new(ErrorCode::MalformedMultipart, e.body_text())
    }
}

/// Reads every part; the `file` part goes to `uploads/` in the file store.
pub async fn read(state: &AppState, mut multipart: Multipart) -> ApiResult<Upload> {
    let mut upload = Upload {
        file: None,
        fields: Vec::new(),
    };
    while let Some(mut field) = multipart.next_field().await.map_err(multipart_error)? {
        let name = field.name().unwrap_or_default().to_owned();
        if name == "file" {
            if upload.file.is_some() {
                return Err(ApiError::validation("file", "send one file"));
            }
            let mut pending: PendingFile = state
                .files
                .create("uploads", "")
                .map_err(ApiError::write_failed)?;
            let mut bytes = 0u64;
            while let Some(chunk) = field.chunk().await.map_err(multipart_error)? {
                bytes += chunk.len() as u64;
                pending.write_all(&chunk).map_err(ApiError::write_failed)?;
            }
            let key = pending.persist().map_err(ApiError::write_failed)?;
            upload.file = Some(StoredUpload {
                key,
                bytes,
                state: state.clone(),
                keep: false,
            });
        } else {
            let value = field.text().await.map_err(multipart_error)?;
            if value.len() > 10_000 {
                return Err(ApiError::validation(&name, "at most 10,000 characters"));
            }
            plain_text(&name, "field")?;
            plain_text(&value, &name)?;
            upload.fields.push((name, value));
        }
    }
    Ok(upload)
}

impl Upload {
    /// The stored file, or 422 when none (or an empty one) was sent.
    pub fn take_file(&mut self) -> ApiResult<StoredUpload> {
        match self.file.take() {
            Some(file) if file.bytes > 0 => Ok(file),
            Some(_) => Err(ApiError::validation("file", "the file is empty")),
            None => Err(ApiError::validation(
                "file",
                "send the file as the multipart part `file`",
            )),
        }
    }

    /// Removes and returns a field's value.
    pub fn take(&mut self, name: &str) -> Option<String> {
        let at = self.fields.iter().position(|(k, _)| k == name)?;
        Some(self.fields.remove(at).1)
    }

    /// The remaining fields as a JSON object for the source options: list
    /// fields (`extra_columns`, `extra_tags`) are split at commas, `\t` and
    /// `tab` mean a tab separator, empty values are left out.
    pub fn options(&self) -> Value {
        let mut object = Map::new();
        for (name, value) in &self.fields {
            let value = if value == "\t" { value } else { value.trim() };
            if value.is_empty() {
                continue;
            }
            let json = match name.as_str() {
                "extra_columns" | "extra_tags" | "assay_types" => Value::Array(
                    value
                        .split(',')
                        .map(|s| Value::String(s.trim().to_owned()))
                        .filter(|v| v.as_str() != Some(""))
                        .collect(),
                ),
                "separator" if value == "\\t" || value.eq_ignore_ascii_case("tab") => {
                    Value::String("\t".into())
                }
                "max_per_target" => value
                    .parse::<u64>()
                    .map(Value::from)
                    .unwrap_or_else(|_| Value::String(value.to_owned())),
                _ => Value::String(value.to_owned()),
            };
            object.insert(name.clone(), json);
        }
        Value::Object(object)
    }
}
