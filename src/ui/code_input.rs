//! `bindCodeInput`: turns an `<input>` into a one-time-code or recovery-code field. It sets the
//! attributes browsers, password managers and screen readers need (docs/security.md, "Input
//! fields"), cleans what people paste with the core validators, and reports each complete valid
//! value once.

use super::{function, invalid, wrong_type};
use crate::js::{opt_int, string, Options};
use crate::num::decimal;
use alloc::rc::Rc;
use alloc::{string::String, vec, vec::Vec};
use core::cell::RefCell;
use js_sys::Function;
use mfa_core::validate::{self, Reason, RecoveryFormat, Validation};
use wasm_bindgen::prelude::*;
use web_sys::{ClipboardEvent, Event, HtmlInputElement, InputEvent};

#[wasm_bindgen(typescript_custom_section)]
const TS_CODE_INPUT: &str = r##"
/**
 * What a code field holds.
 * @example const kind: CodeKind = "recovery";
 */
export type CodeKind = "totp" | "sms" | "recovery";

/**
 * Options of `bindCodeInput`.
 * @example const options: CodeInputOptions = { kind: "sms", digits: 6, onComplete: (code) => flow.submitCode(code) };
 */
export interface CodeInputOptions {
  /** "totp" and "sms": digits, `autocomplete="one-time-code"`; "recovery": `XXXX-XXXX-XXXX-XXXX`. */
  kind: CodeKind;
  /** Called with the normalised value each time the field becomes complete and valid. */
  onComplete: (value: string) => void;
  /** Digits of the code: 6 to 8 for "totp", 4 to 10 for "sms"; default 6. Not for "recovery". */
  digits?: number;
}

/**
 * What `bindCodeInput` returns. The field stays bound until `detach()`, even if the handle is freed.
 * @example
 * const binding = bindCodeInput(input, { kind: "totp", onComplete: submit });
 * binding.detach();
 */
export class CodeInputBinding {
  private constructor();
  /** Removes the listeners and restores every attribute the binding changed. Idempotent. */
  detach(): void;
  /** Frees the handle (the field stays bound). */
  free(): void;
}

/**
 * Binds a code field: sets `autocomplete`, `inputmode`, `pattern`, `maxlength` (with room for
 * the separators people paste), `type="text"` instead of `number`, and for recovery codes
 * `autocapitalize`, `autocorrect` and `spellcheck` off. On input and paste it cleans
 * `123 456`, `123-456` and full-width digits, writes the normalised value back, sets
 * `aria-invalid="true"` while the value can no longer become valid (`aria-describedby` is left
 * to the page), and calls `onComplete` once per complete valid value.
 * @example
 * bindCodeInput(document.querySelector("#code") as HTMLInputElement, {
 *   kind: "totp",
 *   onComplete: (code) => flow.submitCode(code),
 * });
 */
export function bindCodeInput(input: HTMLInputElement, options: CodeInputOptions): CodeInputBinding;
"##;

/// The events the binding listens to.
const EVENTS: [&str; 3] = ["input", "compositionend", "paste"];

#[derive(Clone, Copy)]
enum Kind {
    Digits(usize),
    Recovery(RecoveryFormat),
}

impl Kind {
    fn validate(self, value: &str) -> Validation {
        match self {
            // totp_code and sms_code apply the same rule; the length is what differs.
            Self::Digits(n) => validate::totp_code(value, n),
            Self::Recovery(format) => validate::recovery_code(value, format),
        }
    }

    /// The attributes to set. `maxlength` leaves room for a separator between every character.
    fn attributes(self) -> Vec<(&'static str, String)> {
        match self {
            Self::Digits(n) => vec![
                ("autocomplete", "one-time-code".into()),
                ("inputmode", "numeric".into()),
                ("pattern", ["[0-9]{", &decimal(n as u64), "}"].concat()),
                ("maxlength", decimal(2 * n as u64 + 2)),
            ],
            Self::Recovery(f) => vec![
                ("autocomplete", "off".into()),
                ("inputmode", "text".into()),
                ("pattern", recovery_pattern(f)),
                ("maxlength", decimal(2 * f.len() as u64 + 2)),
                ("autocapitalize", "off".into()),
                ("autocorrect", "off".into()),
                ("spellcheck", "false".into()),
            ],
        }
    }
}

/// `[A-Z2-7]{4}(-[A-Z2-7]{4}){3}`: the canonical form the field shows once complete.
fn recovery_pattern(f: RecoveryFormat) -> String {
    let group = ["[A-Z2-7]{", &decimal(f.group_length as u64), "}"].concat();
    let others = decimal(f.groups.saturating_sub(1) as u64);
    [group.as_str(), "(-", &group, "){", &others, "}"].concat()
}

type Listener = Closure<dyn Fn(Event) -> Result<(), JsValue>>;

struct Binding {
    input: HtmlInputElement,
    kind: Kind,
    on_complete: Function,
    /// The last value reported, so each complete value is reported once.
    last: RefCell<Option<String>>,
    /// Each attribute the binding sets, with the page's original value.
    saved: Vec<(&'static str, Option<String>)>,
    /// The listeners; they hold the binding alive until `detach()` takes them.
    listeners: RefCell<Option<Vec<Listener>>>,
}

impl Binding {
    /// Normalises the field's value and reports it if it just became complete and valid. No
    /// borrow is held while `onComplete` runs, so it may detach or change the field.
    fn check(&self) -> Result<(), JsValue> {
        let value = self.input.value();
        let result = self.kind.validate(&value);
        let hopeless = matches!(result, Err(Reason::TooLong | Reason::InvalidCharacter));
        let complete = result.ok();
        if let Some(normalised) = complete.as_ref().filter(|n| **n != value) {
            self.input.set_value(normalised);
        }
        if hopeless {
            self.input.set_attribute("aria-invalid", "true")?;
        } else {
            self.input.remove_attribute("aria-invalid")?;
        }
        let previous = self.last.replace(complete.clone());
        match complete {
            Some(v) if previous.as_deref() != Some(v.as_str()) => {
                self.on_complete.call1(&JsValue::NULL, &v.into()).map(drop)
            }
            _ => Ok(()),
        }
    }

    /// A pasted complete code replaces the whole value (whatever was typed before, and beyond
    /// `maxlength`); anything else is left to the browser, and checked on the `input` event.
    fn paste(&self, event: &Event) -> Result<(), JsValue> {
        let text = event
            .dyn_ref::<ClipboardEvent>()
            .and_then(ClipboardEvent::clipboard_data)
            .and_then(|data| data.get_data("text/plain").ok());
        match text.map(|t| self.kind.validate(&t)) {
            Some(Ok(normalised)) => {
                event.prevent_default();
                self.input.set_value(&normalised);
                self.check()
            }
            _ => Ok(()),
        }
    }

    fn detach(&self) {
        let Some(listeners) = self
            .listeners
            .try_borrow_mut()
            .ok()
            .and_then(|mut l| l.take())
        else {
            return;
        };
        for (event, listener) in EVENTS.iter().zip(&listeners) {
            let _ = self
                .input
                .remove_event_listener_with_callback(event, listener.as_ref().unchecked_ref());
        }
        for (name, original) in &self.saved {
            let _ = match original {
                Some(value) => self.input.set_attribute(name, value),
                None => self.input.remove_attribute(name),
            };
        }
        // Dropping a listener while it runs (detach() from onComplete) is safe: wasm-bindgen
        // defers the destruction until the call returns.
    }
}

/// The handle `bindCodeInput` returns; see the TypeScript declaration.
#[wasm_bindgen(skip_typescript)]
pub struct CodeInputBinding {
    binding: Rc<Binding>,
}

#[wasm_bindgen]
impl CodeInputBinding {
    /// `detach()`: removes the listeners and restores the attributes.
    pub fn detach(&self) {
        self.binding.detach();
    }
}

fn parse_kind(opts: &Options) -> Result<Kind, JsValue> {
    let digits = opts.get("digits");
    match string(&opts.get("kind"), "kind")?.as_str() {
        "totp" => Ok(Kind::Digits(opt_int(&digits, "digits", 6, 6..=8)? as usize)),
        "sms" => Ok(Kind::Digits(opt_int(&digits, "digits", 6, 4..=10)? as usize)),
        "recovery" if digits.is_undefined() => Ok(Kind::Recovery(RecoveryFormat::default())),
        "recovery" => Err(invalid(
            "digits",
            Reason::UnknownField,
            "digits is only for totp and sms",
        )),
        _ => Err(invalid(
            "kind",
            Reason::InvalidValue,
            "kind must be totp, sms or recovery",
        )),
    }
}

/// `bindCodeInput(input, { kind, onComplete, digits? })`.
#[wasm_bindgen(js_name = bindCodeInput, skip_typescript)]
pub fn bind_code_input(input: JsValue, options: JsValue) -> Result<CodeInputBinding, JsValue> {
    let input: HtmlInputElement = input
        .dyn_into()
        .map_err(|_| wrong_type("input", "expected an HTMLInputElement"))?;
    let opts = Options::new(&options, "options")?;
    let kind = parse_kind(&opts)?;
    let on_complete = function(opts.get("onComplete"), "onComplete")?;
    let mut attributes = kind.attributes();
    if input.type_() == "number" {
        // Spin buttons, and leading zeros at risk: codes are text (docs/security.md, "Input fields").
        attributes.push(("type", "text".into()));
    }
    let mut saved = vec![("aria-invalid", input.get_attribute("aria-invalid"))];
    saved.extend(attributes.iter().map(|(n, _)| (*n, input.get_attribute(n))));
    for (name, value) in &attributes {
        input.set_attribute(name, value)?;
    }
    let binding = Rc::new(Binding {
        input,
        kind,
        on_complete,
        last: RefCell::new(None),
        saved,
        listeners: RefCell::new(None),
    });
    let listener = |handle: fn(&Binding, Event) -> Result<(), JsValue>| {
        let b = binding.clone();
        Listener::new(move |event: Event| handle(&b, event))
    };
    let listeners = vec![
        listener(|b, e| match e.dyn_ref::<InputEvent>() {
            Some(ie) if ie.is_composing() => Ok(()), // an IME is still composing
            _ => b.check(),
        }),
        listener(|b, _| b.check()),
        listener(|b, e| b.paste(&e)),
    ];
    for (event, l) in EVENTS.iter().zip(&listeners) {
        binding
            .input
            .add_event_listener_with_callback(event, l.as_ref().unchecked_ref())?;
    }
    *binding.listeners.borrow_mut() = Some(listeners);
    Ok(CodeInputBinding { binding })
}
