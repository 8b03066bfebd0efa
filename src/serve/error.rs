//! API errors: every failure is a JSON body `{"error": {"status", "message", "parameter"?}}`
//! with the matching HTTP status, so clients and the dashboard show the same clear reason.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// An error answered to the client.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    /// The query parameter or body field at fault, when there is one.
    pub parameter: Option<String>,
    pub message: String,
}

impl ApiError {
    /// 400 naming the parameter and what is wrong with it.
    pub fn bad_parameter(parameter: &str, message: impl Into<String>) -> ApiError {
        ApiError { status: StatusCode::BAD_REQUEST, parameter: Some(parameter.to_string()), message: message.into() }
    }

    pub fn new(status: StatusCode, message: impl Into<String>) -> ApiError {
        ApiError { status, parameter: None, message: message.into() }
    }

    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, message)
    }

    /// 500; the cause is logged on standard error and named to the client.
    pub fn internal(context: &str, error: impl std::fmt::Display) -> ApiError {
        eprintln!("detente serve: {context}: {error}");
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, format!("{context}: {error}"))
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut body = json!({"status": self.status.as_u16(), "message": self.message});
        if let Some(p) = self.parameter {
            body["parameter"] = p.into();
        }
        let mut response = (self.status, axum::Json(json!({ "error": body }))).into_response();
        if self.status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        response
    }
}
