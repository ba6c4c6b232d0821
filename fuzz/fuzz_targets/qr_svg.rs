//! Any text and title: rendering never panics and the title cannot break out of its element.
#![no_main]
use libfuzzer_sys::fuzz_target;
use mfa_core::qr::{svg, SvgOptions};

fuzz_target!(|input: (&str, &str)| {
    let (text, title) = input;
    if let Ok(out) = svg(text, &SvgOptions { title, ..Default::default() }) {
        assert_eq!(out.matches("<title>").count(), 1);
        assert_eq!(out.matches("</title>").count(), 1);
        assert!(out.ends_with("\"/></svg>"));
    }
});
