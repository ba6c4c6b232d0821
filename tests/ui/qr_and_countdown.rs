//! `mountQr` and `startCountdown` (with an injected clock).

use super::*;

#[wasm_bindgen_test]
fn mount_qr_replaces_the_children_with_our_svg() {
    let el = doc().create_element("div").unwrap();
    el.set_inner_html("<p>old</p><p>old</p>");
    qr_mount::mount_qr(
        el.clone().into(),
        s(URI),
        obj(&[("title", s("<script>alert(1)</script>"))]),
    )
    .unwrap();
    assert_eq!(el.child_element_count(), 1);
    let svg = el.first_element_child().unwrap();
    assert_eq!(svg.tag_name().to_lowercase(), "svg");
    assert_eq!(svg.get_attribute("role").as_deref(), Some("img"));
    assert!(
        el.query_selector("script").unwrap().is_none(),
        "the title is text, not markup"
    );
    assert_eq!(
        svg.query_selector("title")
            .unwrap()
            .unwrap()
            .text_content()
            .unwrap(),
        "<script>alert(1)</script>"
    );
    assert_eq!(field(qr_mount::mount_qr(s("#qr"), s(URI), U)), "element");
    assert_eq!(field(qr_mount::mount_qr(el.clone().into(), U, U)), "uri");
    assert_eq!(
        field(qr_mount::mount_qr(
            el.clone().into(),
            s(URI),
            obj(&[("ecc", s("X"))])
        )),
        "ecc"
    );
    assert_eq!(el.child_element_count(), 1, "unchanged after a refusal");
}

fn ticks(recorder: &Function) -> Vec<(f64, f64, f64)> {
    let values = Array::from(&get(recorder, "calls"));
    let num = |t: &JsValue, k| get(t, k).as_f64().unwrap();
    values
        .iter()
        .map(|t| {
            (
                num(&t, "secondsRemaining"),
                num(&t, "period"),
                num(&t, "step"),
            )
        })
        .collect()
}

#[wasm_bindgen_test]
async fn countdown_ticks_now_and_on_each_second_of_the_injected_clock() {
    // { t, reads }: the time now() returns, and how often the timer asked.
    let clock = Object::new();
    let set = |key: &str, value: f64| {
        Reflect::set(&clock, &key.into(), &JsValue::from(value)).unwrap();
    };
    let num = |key: &str| get(&clock, key).as_f64().unwrap();
    set("t", 1000.5);
    set("reads", 0.0);
    let now = Closure::<dyn Fn() -> JsValue>::new({
        let clock = clock.clone();
        move || {
            let reads = get(&clock, "reads").as_f64().unwrap();
            Reflect::set(&clock, &"reads".into(), &JsValue::from(reads + 1.0)).unwrap();
            get(&clock, "t")
        }
    });
    let on_tick = recorder();
    let handle = countdown::start_countdown(
        on_tick.clone().into(),
        obj(&[("now", now.as_ref().clone())]),
    )
    .unwrap();
    assert_eq!(
        ticks(&on_tick),
        [(20.0, 30.0, 33.0)],
        "1000 = 33 * 30 + 10: 20 s left"
    );
    // The timer runs again (it reads the clock) while the clock stands still: no second tick.
    let reads = num("reads");
    until("two more reads of the clock", || {
        num("reads") >= reads + 2.0
    })
    .await;
    assert_eq!(
        ticks(&on_tick).len(),
        1,
        "the same second is not reported twice"
    );
    set("t", 1019.2);
    until("the tick of second 1019", || ticks(&on_tick).len() == 2).await;
    assert_eq!(ticks(&on_tick)[1], (1.0, 30.0, 33.0));
    set("t", 1020.0);
    until("the tick of second 1020", || ticks(&on_tick).len() == 3).await;
    assert_eq!(ticks(&on_tick)[2], (30.0, 30.0, 34.0), "a new step");
    handle.stop();
    let stopped_at = num("reads");
    set("t", 1030.0);
    // A running timer reads the clock at least once a second; give it 2.5 s.
    sleep(2500.0).await;
    assert_eq!(
        (num("reads"), ticks(&on_tick).len()),
        (stopped_at, 3),
        "stopped"
    );
    handle.stop(); // idempotent
}

#[wasm_bindgen_test]
fn countdown_defaults_to_the_device_clock_and_refuses_bad_arguments() {
    let on_tick = recorder();
    let handle = countdown::start_countdown(
        on_tick.clone().into(),
        obj(&[("period", JsValue::from(60))]),
    )
    .unwrap();
    let (left, period, step) = ticks(&on_tick)[0];
    let now = js_sys::Date::now() / 1000.0;
    assert!((1.0..=60.0).contains(&left) && period == 60.0 && step == (now / 60.0).floor());
    handle.stop();
    let bad_clock = Closure::<dyn Fn() -> JsValue>::new(|| s("noon"));
    let cases = [
        (countdown::start_countdown(s("tick"), U).map(drop), "onTick"),
        (
            countdown::start_countdown(
                on_tick.clone().into(),
                obj(&[("period", JsValue::from(0))]),
            )
            .map(drop),
            "period",
        ),
        (
            countdown::start_countdown(
                on_tick.clone().into(),
                obj(&[("period", JsValue::from(121))]),
            )
            .map(drop),
            "period",
        ),
        (
            countdown::start_countdown(on_tick.clone().into(), obj(&[("now", JsValue::from(5))]))
                .map(drop),
            "now",
        ),
        (
            countdown::start_countdown(
                on_tick.clone().into(),
                obj(&[("now", bad_clock.as_ref().clone())]),
            )
            .map(drop),
            "now",
        ),
    ];
    for (result, bad) in cases {
        assert_eq!(field(result), bad);
    }
    assert_eq!(ticks(&on_tick).len(), 1);
}
