//! Query parameters: each endpoint names the parameters it takes, and every value is checked
//! here, so that a typo or a bad value is a 400 naming the parameter rather than a silently
//! ignored filter.

use super::error::ApiError;
use crate::store::query::parse_date;
use crate::store::EventFilter;

/// Rows per page unless `limit` says otherwise.
pub const DEFAULT_LIMIT: usize = 100;
/// The largest `limit` of a list endpoint: bounds the response size.
pub const MAX_LIMIT: usize = 1000;
/// The largest `offset`: skipped rows are still read; deeper than this, use `detente export`.
pub const MAX_OFFSET: usize = 100_000;
/// The longest value of any parameter, in bytes.
const MAX_VALUE: usize = 512;

/// The parameters of the event filter shared by `/api/events`, `/api/aggregates` and
/// `/api/tracker` (the `detente events` command's filters).
pub const EVENT_FILTER: &[&str] =
    &["source", "target", "dyad", "code", "root", "quad", "since", "until", "text", "with_duplicates"];

/// The decoded query string of one request.
pub struct Params {
    pairs: Vec<(String, String)>,
}

impl Params {
    /// Checks that every parameter is one of `known` (each of `groups` or `extra`), given once,
    /// with a value of reasonable length.
    pub fn new(pairs: Vec<(String, String)>, groups: &[&[&str]]) -> Result<Params, ApiError> {
        for (i, (name, value)) in pairs.iter().enumerate() {
            if !groups.iter().any(|g| g.contains(&name.as_str())) {
                let known: Vec<&str> = groups.iter().flat_map(|g| g.iter().copied()).collect();
                let expected = if known.is_empty() { "none".to_string() } else { known.join(", ") };
                return Err(ApiError::bad_parameter(name, format!("unknown parameter (expected: {expected})")));
            }
            if pairs[..i].iter().any(|(n, _)| n == name) {
                return Err(ApiError::bad_parameter(name, "given more than once"));
            }
            if value.len() > MAX_VALUE {
                return Err(ApiError::bad_parameter(name, format!("longer than {MAX_VALUE} bytes")));
            }
        }
        Ok(Params { pairs })
    }

    /// The value, trimmed; an empty value counts as absent.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.pairs.iter().find(|(n, _)| n == name).map(|(_, v)| v.trim()).filter(|v| !v.is_empty())
    }

    /// A day, `YYYY-MM-DD`, as YYYYMMDD.
    pub fn date(&self, name: &str) -> Result<Option<u32>, ApiError> {
        self.get(name)
            .map(|v| {
                parse_date(v).ok_or_else(|| ApiError::bad_parameter(name, format!("{v:?} is not a date (YYYY-MM-DD)")))
            })
            .transpose()
    }

    /// A whole number within `min..=max`.
    pub fn int(&self, name: &str, min: i64, max: i64) -> Result<Option<i64>, ApiError> {
        let Some(v) = self.get(name) else { return Ok(None) };
        match v.parse::<i64>() {
            Ok(n) if (min..=max).contains(&n) => Ok(Some(n)),
            Ok(_) => Err(ApiError::bad_parameter(name, format!("{v} is out of range ({min} to {max})"))),
            Err(_) => Err(ApiError::bad_parameter(name, format!("{v:?} is not a whole number"))),
        }
    }

    /// `true`/`false` (also `1`/`0`); absent is false.
    pub fn flag(&self, name: &str) -> Result<bool, ApiError> {
        match self.get(name) {
            None | Some("false" | "0") => Ok(false),
            Some("true" | "1") => Ok(true),
            Some(v) => Err(ApiError::bad_parameter(name, format!("{v:?} is not true or false"))),
        }
    }

    /// An actor code prefix: letters and digits only (CAMEO codes).
    pub fn code(&self, name: &str) -> Result<Option<String>, ApiError> {
        let Some(v) = self.get(name) else { return Ok(None) };
        if v.chars().all(|c| c.is_ascii_alphanumeric()) {
            Ok(Some(v.to_ascii_uppercase()))
        } else {
            Err(ApiError::bad_parameter(
                name,
                format!("{v:?} is not an actor code (letters and digits, e.g. RUS or RUSGOV)"),
            ))
        }
    }

    /// Two actor code prefixes joined by `-`: `USA-RUS`.
    pub fn dyad(&self, name: &str) -> Result<Option<(String, String)>, ApiError> {
        let Some(v) = self.get(name) else { return Ok(None) };
        let alnum = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric());
        match v.split_once('-') {
            Some((a, b)) if alnum(a) && alnum(b) => Ok(Some((a.to_ascii_uppercase(), b.to_ascii_uppercase()))),
            _ => Err(ApiError::bad_parameter(
                name,
                format!("{v:?}: expected two actor codes joined by '-', e.g. USA-RUS"),
            )),
        }
    }

    /// `limit` (1..=MAX_LIMIT, default DEFAULT_LIMIT) and `offset` (0..=MAX_OFFSET).
    pub fn page(&self) -> Result<(usize, usize), ApiError> {
        let limit = self.int("limit", 1, MAX_LIMIT as i64)?.map_or(DEFAULT_LIMIT, |n| n as usize);
        let offset = self.int("offset", 0, MAX_OFFSET as i64)?.map_or(0, |n| n as usize);
        Ok((limit, offset))
    }

    /// The event filter of [`EVENT_FILTER`], checked as `detente events` checks its flags.
    pub fn event_filter(&self) -> Result<EventFilter, ApiError> {
        let digits = |name: &str, lens: &[usize]| -> Result<Option<String>, ApiError> {
            let Some(v) = self.get(name) else { return Ok(None) };
            if v.chars().all(|c| c.is_ascii_digit()) && lens.contains(&v.len()) {
                Ok(Some(v.to_string()))
            } else {
                Err(ApiError::bad_parameter(name, format!("{v:?} is not a CAMEO {name} code")))
            }
        };
        let filter = EventFilter {
            source: self.code("source")?,
            target: self.code("target")?,
            dyad: self.dyad("dyad")?,
            code: digits("code", &[2, 3, 4])?,
            root: digits("root", &[1, 2])?,
            quad: self.int("quad", 1, 4)?.map(|q| q as u8),
            since: self.date("since")?,
            until: self.date("until")?,
            text: self.get("text").map(str::to_string),
            with_duplicates: self.flag("with_duplicates")?,
            limit: None,
        };
        if let (Some(s), Some(u)) = (filter.since, filter.until) {
            if s > u {
                return Err(ApiError::bad_parameter("until", "is before since"));
            }
        }
        Ok(filter)
    }
}
