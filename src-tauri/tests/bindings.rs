//! Regenerates ui/src/lib/bindings.ts; CI then fails when git sees the file changed (stale).

#[test]
fn bindings_are_current() {
    // Read at run time: a test binary that cargo reuses from another checkout sharing the target
    // directory would otherwise check (and rewrite) that checkout's file.
    let package = std::env::var_os("CARGO_MANIFEST_DIR").map_or_else(
        || env!("CARGO_MANIFEST_DIR").into(),
        std::path::PathBuf::from,
    );
    let path = package.join("../ui/src/lib/bindings.ts");
    let before = std::fs::read_to_string(&path).unwrap_or_default();
    connectdesk_lib::export_bindings(&path).expect("export bindings");
    let after = std::fs::read_to_string(&path).expect("read bindings");
    assert!(
        after.contains("export const commands"),
        "bindings lack the command wrappers"
    );
    assert_eq!(
        before, after,
        "ui/src/lib/bindings.ts was stale and has been regenerated: commit it"
    );
}
