//! Regenerates ui/src/lib/bindings.ts; CI then fails when git sees the file changed (stale).

#[test]
fn bindings_are_current() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/lib/bindings.ts");
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
