//! Any text as a detente dictionary and as every kind of TABARI/PETRARCH dictionary,
//! then compiled: bad lines must become warnings, never panics.
#![no_main]

use detente::dict::legacy::{self, Dialect, Kind};
use detente::dict::{native, Compiled};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = Compiled::new(native::read_str(&text, "fuzz.detente"));
    for kind in [Kind::Actors, Kind::Agents, Kind::Verbs, Kind::Discards] {
        for dialect in [Dialect::Tabari, Dialect::Petrarch] {
            let _ = Compiled::new(legacy::read_str(&text, "fuzz.txt", kind, dialect));
        }
    }
});
