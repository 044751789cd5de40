//! The leaf every error of Kohorte builds on: how an error with a stable dotted code
//! crosses into the UI, `{"code": "...", "message": "..."}`. It depends on nothing in
//! the crate, so the domain errors (import, review, attendance, documents …) use it
//! without depending on the root `crate::Error`, which wraps them: the dependency goes
//! one way only.

use serde::Serializer;
use serde::ser::SerializeStruct;

/// Serialises an error as `{"code": code, "message": message}`, the code stable for
/// programs and tests, the message in German.
pub fn serialize_coded<S: Serializer>(
    serializer: S,
    code: &str,
    message: &str,
) -> Result<S::Ok, S::Error> {
    let mut s = serializer.serialize_struct("AppError", 2)?;
    s.serialize_field("code", code)?;
    s.serialize_field("message", message)?;
    s.end()
}
