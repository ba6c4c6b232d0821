// mountQr, and startCountdown with an injected clock: each condition is awaited, not slept
// on, and "nothing happened" is checked after the timer has demonstrably run. (Ported from
// tests/ui/qr_and_countdown.rs.)
import { assert, codeOf, fieldOf } from "../support/assert.mjs";
import { recorder, URI } from "../support/dom.js";
import { delay, until } from "../support/wait.js";

const ticks = (onTick) => onTick.calls.map((t) => [t.secondsRemaining, t.period, t.step]);

export default function define({ mfa }) {
  it("mount_qr_replaces_the_children_with_our_svg", () => {
    const el = document.createElement("div");
    el.innerHTML = "<p>old</p><p>old</p>";
    mfa.mountQr(el, URI, { title: "<script>alert(1)</script>" });
    assert.equal(el.childElementCount, 1);
    const svg = el.firstElementChild;
    assert.equal(svg.tagName.toLowerCase(), "svg");
    assert.equal(svg.namespaceURI, "http://www.w3.org/2000/svg");
    assert.equal(svg.getAttribute("role"), "img");
    assert.isNull(el.querySelector("script"), "the title is text, not markup");
    assert.equal(svg.querySelector("title").textContent, "<script>alert(1)</script>");
    assert.equal(fieldOf(() => mfa.mountQr("#qr", URI)), "element");
    assert.equal(fieldOf(() => mfa.mountQr(el, undefined)), "uri");
    assert.equal(fieldOf(() => mfa.mountQr(el, URI, { ecc: "X" })), "ecc");
    assert.equal(el.childElementCount, 1, "unchanged after a refusal");
    assert.strictEqual(el.firstElementChild, svg);
  });

  it("countdown_ticks_now_and_on_each_second_of_the_injected_clock", async () => {
    const clock = { t: 1000.5, reads: 0 };
    const now = () => {
      clock.reads += 1;
      return clock.t;
    };
    const onTick = recorder();
    const stop = mfa.startCountdown(onTick, { now });
    assert.isFunction(stop, "the handle is a disposer, with nothing to free");
    assert.deepEqual(ticks(onTick), [[20, 30, 33]], "1000 = 33 × 30 + 10: 20 s left");
    // The timer runs again (it reads the clock) while the clock stands still: no second tick.
    const reads = clock.reads;
    await until(() => clock.reads >= reads + 2, "the timer to read the clock twice more");
    assert.lengthOf(onTick.calls, 1, "the same second is not reported twice");
    clock.t = 1019.2;
    await until(() => onTick.calls.length === 2, "the tick of second 1019");
    assert.deepEqual(ticks(onTick)[1], [1, 30, 33]);
    clock.t = 1020;
    await until(() => onTick.calls.length === 3, "the tick of second 1020");
    assert.deepEqual(ticks(onTick)[2], [30, 30, 34], "a new step");
    stop();
    const stoppedAt = clock.reads;
    clock.t = 1030;
    // A running timer reads the clock at least once a second; give it 2.5 s.
    await delay(2500);
    assert.deepEqual([clock.reads, onTick.calls.length], [stoppedAt, 3], "stopped");
    stop(); // idempotent
  });

  it("countdown_defaults_to_the_device_clock_and_refuses_bad_arguments", () => {
    const onTick = recorder();
    const before = Date.now() / 1000;
    const stop = mfa.startCountdown(onTick, { period: 60 });
    const after = Date.now() / 1000;
    stop();
    const [[left, period, step]] = ticks(onTick);
    assert.equal(period, 60);
    assert.include([Math.floor(before / 60), Math.floor(after / 60)], step);
    assert.include([60 - (Math.floor(before) % 60), 60 - (Math.floor(after) % 60)], left);
    const cases = [
      [() => mfa.startCountdown("tick"), "onTick"],
      [() => mfa.startCountdown(onTick, { period: "30" }), "period"],
      [() => mfa.startCountdown(onTick, { signal: {} }), "signal"],
      [() => mfa.startCountdown(onTick, { now: 5 }), "now"],
      [() => mfa.startCountdown(onTick, { now: () => "noon" }), "now"],
    ];
    for (const [run, bad] of cases) assert.equal(fieldOf(run), bad, bad);
    // The period's rule is secondsRemaining's (NIST SP 800-63B 5.1.4.1: 1 to 120 s).
    for (const period of [0, 121]) assert.equal(codeOf(mfa, () => mfa.startCountdown(onTick, { period })), "invalid_period");
    assert.lengthOf(onTick.calls, 1);
  });

  it("countdown_stops_when_its_signal_aborts", async () => {
    const clock = { t: 2000.5, reads: 0 };
    const now = () => {
      clock.reads += 1;
      return clock.t;
    };
    const onTick = recorder();
    const controller = new AbortController();
    mfa.startCountdown(onTick, { now, signal: controller.signal });
    assert.lengthOf(onTick.calls, 1);
    controller.abort();
    const stoppedAt = clock.reads;
    clock.t = 2010;
    await delay(2500);
    assert.deepEqual([clock.reads, onTick.calls.length], [stoppedAt, 1], "stopped by the signal");
    const never = recorder();
    mfa.startCountdown(never, { signal: AbortSignal.abort() });
    assert.lengthOf(never.calls, 0, "an aborted signal starts nothing");
  });
}
