//! Kohorte's core: every business rule of the app, without any desktop dependency.
//! The CLI (`src/bin/kohorte.rs`) and the desktop shell (`src-tauri/`) are thin faces
//! over [`Kohorte`].

pub mod demo;
pub mod error;
pub mod import;
pub mod model;
pub mod overview;
pub mod reference;
pub mod service;
pub mod store;

pub use error::{Error, Result};
pub use service::Kohorte;
