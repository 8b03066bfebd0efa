fn main() {
    for path in std::env::args().skip(1) {
        let t = std::time::Instant::now();
        match detente::dict::Dictionaries::read_file(std::path::Path::new(&path)) {
            Ok(d) => {
                println!("{path}: actors {} agents {} verbs {} blocks {} patterns {} synsets {} discards {} warnings {} in {:?}", d.actors.len(), d.agents.len(), d.verbs.len(), d.blocks.len(), d.patterns.len(), d.synsets.len(), d.discards.len(), d.warnings.len(), t.elapsed());
                for w in d.warnings.iter().take(8) {
                    println!("  {w}");
                }
            }
            Err(e) => println!("ERR {e}"),
        }
    }
}
