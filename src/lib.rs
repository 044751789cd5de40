//! Kohorte's core: every business rule of the app, without any desktop dependency.
//! The CLI (`src/bin/kohorte.rs`) and the desktop shell (`src-tauri/`) are thin faces
//! over [`Kohorte`].

pub mod attendance;
pub mod audit;
pub mod backup;
pub mod balance;
pub mod coded;
pub mod demo;
pub mod documents;
pub mod error;
pub mod export;
pub mod import;
pub mod job;
pub mod model;
pub mod overview;
pub mod programme;
pub mod quota_csv;
pub mod reference;
pub mod review;
pub mod selection;
pub mod service;
pub mod store;
pub mod tandem;
pub mod waitlist;

pub use error::{Error, Result};
pub use service::Kohorte;
