//! A small pool of read-only SQLite connections. A connection is not `Sync`, so each query runs
//! on a blocking thread with a connection of its own; the semaphore bounds how many run at
//! once (the pool's size), and the others wait their turn instead of opening more.

use std::path::PathBuf;
use std::sync::Mutex;

use tokio::sync::Semaphore;

use super::error::ApiError;
use crate::store::Store;

pub struct Pool {
    path: PathBuf,
    idle: Mutex<Vec<Store>>,
    permits: Semaphore,
}

impl Pool {
    /// Opens `size` read-only connections to `path`.
    pub fn open(path: PathBuf, size: usize) -> anyhow::Result<Pool> {
        let idle = (0..size)
            .map(|_| Store::open_read_only(&path).map_err(|e| anyhow::anyhow!("{}: {e}", path.display())))
            .collect::<anyhow::Result<Vec<_>>>()?;
        Ok(Pool { path, idle: Mutex::new(idle), permits: Semaphore::new(size) })
    }

    /// Runs `query` with a connection on a blocking thread.
    pub async fn run<T, F>(&self, query: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&Store) -> Result<T, ApiError> + Send + 'static,
    {
        let _permit = self.permits.acquire().await.map_err(|e| ApiError::internal("connection pool", e))?;
        // A permit guarantees an idle connection, unless a query panicked with one: reopen it.
        let store = match self.idle.lock().unwrap_or_else(|p| p.into_inner()).pop() {
            Some(store) => store,
            None => Store::open_read_only(&self.path).map_err(|e| ApiError::internal("opening the database", e))?,
        };
        let (store, result) = tokio::task::spawn_blocking(move || {
            let result = query(&store);
            (store, result)
        })
        .await
        .map_err(|e| ApiError::internal("query task", e))?;
        self.idle.lock().unwrap_or_else(|p| p.into_inner()).push(store);
        result
    }
}
