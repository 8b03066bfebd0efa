//! CAMEO / PLOVER ontology tables (owned by the ontology work).
