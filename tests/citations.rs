//! Comments and documents cite sources inside the repository or public standards, never files
//! outside it (the folder beside the checkout), and every `docs/security.md K<n>` they cite
//! exists there.
#![cfg(not(target_arch = "wasm32"))]

use std::fs;
use std::path::{Path, PathBuf};

const SKIP: [&str; 8] = [
    "target",
    "node_modules",
    "pkg",
    "dist",
    ".git",
    "test-results",
    "corpus",
    "artifacts",
];

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if path.is_dir() {
            if !SKIP.contains(&name.as_str()) && !name.starts_with('.') {
                files(&path, out);
            }
        } else if [
            ".rs", ".sh", ".mjs", ".js", ".ts", ".md", ".toml", ".py", ".json",
        ]
        .iter()
        .any(|ext| name.ends_with(ext))
        {
            out.push(path);
        }
    }
}

/// Paths outside the repository, in two halves so that this file, which is checked too, does
/// not contain them whole.
const OUTSIDE: [[&str; 2]; 4] = [
    ["../sha", "red"],
    ["shared/ref", "erence"],
    ["TOOLCHAIN", ".md"],
    ["peer-sdks", ".md"],
];

#[test]
fn nothing_cites_files_outside_the_repository() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let rules = fs::read_to_string(root.join("docs/security.md")).unwrap();
    let mut all = Vec::new();
    files(root, &mut all);
    assert!(all.len() > 100, "walked {} files", all.len());
    let mut problems = Vec::new();
    for path in all {
        let Ok(text) = fs::read_to_string(&path) else {
            continue;
        };
        let shown = path.strip_prefix(root).unwrap().display().to_string();
        for bad in OUTSIDE.map(|parts| parts.concat()) {
            if text.contains(&bad) {
                problems.push(format!("{shown}: cites {bad}"));
            }
        }
        // This file spells the citation form in its own checks.
        let ids = if shown == "tests/citations.rs" {
            ""
        } else {
            &text
        };
        for (i, _) in ids.match_indices("security.md K") {
            if !ids[..i].ends_with("docs/") {
                problems.push(format!("{shown}: a bare `security.md K..` citation"));
                continue;
            }
            let id: String = ids[i + "security.md ".len()..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect();
            if !rules.contains(&format!("| {id} |")) {
                problems.push(format!("{shown}: docs/security.md has no {id}"));
            }
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}
