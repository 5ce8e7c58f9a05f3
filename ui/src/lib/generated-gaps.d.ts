// TEMPORARY: generated.ts uses `ChartTemplate` (list_templates -> Vec<ChartTemplate>) without
// declaring it: crates/api/src/bindings.rs only walks `visit_dependencies`, so a DTO that appears
// only inside Vec<...> of a command's output is never emitted. Mirrors crates/api/src/dto.rs.
// Delete this file once generated.ts declares ChartTemplate (its own export then shadows this one).
type ChartTemplate = { id: string; name: string };
