//! `detente serve`: a read-only JSON API over the event store and the offline dashboard that
//! uses it, both from one binary.
//!
//! Why this shape: analysts look before they query, and they look from a browser on a machine
//! that may have no network, so the dashboard's HTML, script and style are compiled into the
//! binary and talk only to this API. Reading never changes the database: queries run on
//! read-only connections from a small [`pool`], each on a blocking thread, since SQLite
//! connections are not `Sync`. Writing (coding and storing a posted article) exists only when
//! the server was started with a token, and only for requests that carry it.
//!
//! One job per file: [`params`] checks query parameters, [`error`] turns failures into JSON
//! errors, [`api`] answers the endpoints, [`assets`] serves the embedded dashboard and the
//! OpenAPI document.

mod api;
mod assets;
mod error;
mod params;
mod pool;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use axum::routing::get;
use axum::Router;

use crate::coder::Coder;
use crate::dict::Dictionaries;
use crate::store::Store;

/// The largest request body (`POST /api/articles`), in bytes.
pub const MAX_BODY: usize = 1 << 20;

/// How the server is started.
pub struct Config {
    pub db: PathBuf,
    pub addr: SocketAddr,
    /// Enables `POST /api/articles` for requests with `Authorization: Bearer TOKEN`.
    pub token: Option<String>,
    /// The dictionaries posted articles are coded with (only loaded with a token).
    pub dicts: Option<Dictionaries>,
    /// Read connections (queries running at once).
    pub readers: usize,
}

/// What the handlers share.
struct App {
    pool: pool::Pool,
    writer: Option<Writing>,
}

/// The write side, present only with a token.
struct Writing {
    token: String,
    store: Mutex<Store>,
    coder: Coder,
    dict_version: String,
}

/// Opens the database and serves until interrupted (Ctrl-C). Prints the address it listens on
/// to standard error once it accepts connections.
pub fn run(config: Config) -> anyhow::Result<()> {
    let runtime = runtime(config.readers)?;
    let (app, listener) = bind(config)?;
    let addr = listener.local_addr()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(listener)?;
        eprintln!(
            "detente serve: listening on http://{addr}/ ({})",
            if app.writer.is_some() { "read-write with the token" } else { "read-only" }
        );
        axum::serve(listener, router(app))
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await?;
        Ok(())
    })
}

/// A server running on a thread of its own (tests, benchmarks): listening once `start`
/// returns, stopped when dropped.
pub struct Running {
    pub addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

/// Starts a server in the background; `config.addr` with port 0 picks a free port.
pub fn start(config: Config) -> anyhow::Result<Running> {
    let runtime = runtime(config.readers)?;
    let (app, listener) = bind(config)?;
    let addr = listener.local_addr()?;
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let thread = std::thread::spawn(move || {
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).expect("a listening socket");
            let _ = axum::serve(listener, router(app))
                .with_graceful_shutdown(async {
                    let _ = stopped.await;
                })
                .await;
        })
    });
    Ok(Running { addr, stop: Some(stop), thread: Some(thread) })
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn runtime(readers: usize) -> anyhow::Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_multi_thread()
        .worker_threads(readers.clamp(1, 4))
        .max_blocking_threads(readers.max(1) + 2)
        .enable_all()
        .build()?)
}

/// Opens the database and binds the address.
fn bind(config: Config) -> anyhow::Result<(Arc<App>, std::net::TcpListener)> {
    let app = Arc::new(open(config.db, config.token, config.dicts, config.readers)?);
    let listener = std::net::TcpListener::bind(config.addr)
        .map_err(|e| anyhow::anyhow!("cannot listen on {}: {e}", config.addr))?;
    listener.set_nonblocking(true)?;
    Ok((app, listener))
}

fn open(db: PathBuf, token: Option<String>, dicts: Option<Dictionaries>, readers: usize) -> anyhow::Result<App> {
    if !db.exists() {
        anyhow::bail!("{}: no such database (run detente ingest first)", db.display());
    }
    // Brings an older schema up to date once; the read connections cannot.
    let store = Store::open(&db).map_err(|e| anyhow::anyhow!("{}: {e}", db.display()))?;
    let writer = match token {
        None => None,
        Some(token) => {
            if token.len() < 8 {
                anyhow::bail!("the token is too short: use at least 8 characters");
            }
            let dicts = dicts.unwrap_or_else(Dictionaries::builtin);
            let dict_version = crate::store::hash::dict_version(&dicts);
            Some(Writing { token, store: Mutex::new(store), coder: Coder::new(dicts), dict_version })
        }
    };
    let pool = pool::Pool::open(db, readers.max(1))?;
    Ok(App { pool, writer })
}

fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/", get(assets::index))
        .route("/app.js", get(assets::script))
        .route("/style.css", get(assets::style))
        .route("/openapi.json", get(assets::openapi))
        .route("/api/events", get(api::events))
        .route("/api/articles", get(api::articles).post(api::post_article))
        .route("/api/articles/{id}", get(api::article))
        .route("/api/quotes", get(api::quotes))
        .route("/api/actors", get(api::actors))
        .route("/api/aggregates", get(api::aggregates))
        .route("/api/tracker", get(api::tracker))
        .fallback(api::not_found)
        .method_not_allowed_fallback(api::method_not_allowed)
        .layer(axum::extract::DefaultBodyLimit::max(MAX_BODY))
        .with_state(app)
}
