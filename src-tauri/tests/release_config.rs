//! The release package's identity is written once: the version comes from Cargo.toml (the
//! workspace's), and tauri.conf.json, the UI's package.json and the bundle agree with it.

use std::path::PathBuf;

use serde_json::Value;

fn read_json(relative: &str) -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(relative);
    let text =
        std::fs::read_to_string(&path).unwrap_or_else(|err| panic!("{}: {err}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|err| panic!("{}: {err}", path.display()))
}

#[test]
fn the_version_is_cargos_everywhere() {
    let conf = read_json("tauri.conf.json");
    // Without a version of its own, Tauri (and the .deb) takes the crate's.
    assert_eq!(
        conf.get("version"),
        None,
        "tauri.conf.json must not repeat the version"
    );
    let ui = read_json("../ui/package.json");
    assert_eq!(ui["version"], env!("CARGO_PKG_VERSION"), "ui/package.json");
}

#[test]
fn the_bundle_names_the_app_and_its_icons() {
    let conf = read_json("tauri.conf.json");
    assert_eq!(conf["productName"], "ConnectDesk");
    assert_eq!(conf["identifier"], "com.connectdesk.app");
    assert_eq!(conf["app"]["windows"][0]["title"], "ConnectDesk");
    let bundle = &conf["bundle"];
    assert_eq!(bundle["active"], true);
    assert!(bundle["targets"]
        .as_array()
        .is_some_and(|t| t.iter().any(|t| t == "deb")));
    let icons = bundle["icon"].as_array().expect("icons");
    assert!(!icons.is_empty());
    for icon in icons {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(icon.as_str().expect("path"));
        assert!(path.is_file(), "{} is missing", path.display());
    }
}
