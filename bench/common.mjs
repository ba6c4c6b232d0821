// The measurements shared by the Node and the Chromium runs: the same inputs, the same
// operations, timed the same way, with ours and the peers interleaved in one process.
//
// Each operation is timed in batches that take about BATCH_MS; every round runs one batch of each
// implementation in turn (so drift hits all of them alike), and the reported figure is the median
// over the rounds. Ratios are always ours / peer from the same run.

/** The typical otpauth URI of every QR measurement (the native bench uses the same). */
export const URI =
  "otpauth://totp/ACME%20Co:alice%40example.com?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=ACME%20Co";
export const SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
/** A fixed Unix time (seconds), so every implementation computes the same codes. */
export const AT = 1_700_000_000;

const now = () => performance.now();

/** How many calls make one batch of about `batchMs`. */
function calibrate(fn, batchMs) {
  let n = 1;
  for (;;) {
    const t0 = now();
    for (let i = 0; i < n; i++) fn();
    const dt = now() - t0;
    if (dt >= batchMs / 4 || n >= 1 << 24) return Math.max(1, Math.ceil((n * batchMs) / Math.max(dt, 0.001)));
    n *= 4;
  }
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Times each named function of `impls` (same work, different implementations) and returns
 * { name: { medianUs, samplesUs, iterations } }.
 */
export function compare(impls, { rounds = 11, batchMs = 40, warmMs = 250 } = {}) {
  const names = Object.keys(impls);
  const iters = {};
  for (const name of names) {
    // Warm-up long enough for the JIT tiers (wasm Liftoff -> TurboFan, JS Sparkplug -> TurboFan).
    const fn = impls[name];
    const t0 = now();
    while (now() - t0 < warmMs) for (let i = 0; i < 16; i++) fn();
    iters[name] = calibrate(fn, batchMs);
  }
  const samples = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = 0; r < rounds; r++) {
    for (const name of names) {
      const fn = impls[name];
      const n = iters[name];
      const t0 = now();
      for (let i = 0; i < n; i++) fn();
      samples[name].push(((now() - t0) * 1000) / n);
    }
  }
  return Object.fromEntries(
    names.map((n) => [n, { medianUs: median(samples[n]), samplesUs: samples[n], iterations: iters[n] }]),
  );
}

/**
 * The benchmark: `ours` is the mfa-wasm module (initialised), `otpauth`, `otplib` and `QRCode`
 * the peers' modules. Checks first that every implementation computes the same result.
 */
export function runSuite({ ours, otpauth, otplib, QRCode }, options) {
  const check = (cond, what) => {
    if (!cond) throw new Error(`benchmark sanity check failed: ${what}`);
  };
  const params = { secret: SECRET };
  const code = ours.totpCode(params, { at: AT });
  const otpauthTotp = () => new otpauth.TOTP({ secret: otpauth.Secret.fromBase32(SECRET) });
  const reused = otpauthTotp();
  check(otpauthTotp().generate({ timestamp: AT * 1000 }) === code, "otpauth code");
  check(otplib.generateSync({ secret: SECRET, epoch: AT }) === code, "otplib code");
  check(ours.verifyTotp(params, code, { window: 1, at: AT }) === 0, "ours verify");
  check(otpauthTotp().validate({ token: code, timestamp: AT * 1000, window: 1 }) === 0, "otpauth verify");
  check(otplib.verifySync({ secret: SECRET, token: code, epoch: AT, epochTolerance: 30 }).valid, "otplib verify");

  const qrcodeSvg = () => {
    let out;
    QRCode.toString(URI, { type: "svg", errorCorrectionLevel: "M" }, (err, svg) => {
      if (err) throw err;
      out = svg;
    });
    return out;
  };
  const oursSvg = ours.qrSvg(URI, { ecc: "M" });
  const peerSvg = qrcodeSvg();
  check(oursSvg.startsWith("<svg") && peerSvg.startsWith("<svg"), "svg output");

  const sink = { v: 0 };
  const use = (x) => {
    sink.v ^= typeof x === "string" ? x.length : x === null ? 7 : x ? 1 : 2;
  };
  const generate = compare(
    {
      ours: () => use(ours.totpCode(params, { at: AT })),
      otpauth: () => use(otpauthTotp().generate({ timestamp: AT * 1000 })),
      otpauth_reused: () => use(reused.generate({ timestamp: AT * 1000 })),
      otplib: () => use(otplib.generateSync({ secret: SECRET, epoch: AT })),
    },
    options,
  );
  const verify = compare(
    {
      ours: () => use(ours.verifyTotp(params, code, { window: 1, at: AT })),
      otpauth: () => use(otpauthTotp().validate({ token: code, timestamp: AT * 1000, window: 1 })),
      otpauth_reused: () => use(reused.validate({ token: code, timestamp: AT * 1000, window: 1 })),
      otplib: () => use(otplib.verifySync({ secret: SECRET, token: code, epoch: AT, epochTolerance: 30 })),
    },
    options,
  );
  const qr = compare(
    {
      ours: () => use(ours.qrSvg(URI, { ecc: "M" })),
      qrcode: () => use(qrcodeSvg()),
    },
    options,
  );
  return {
    totp_generate: generate,
    totp_verify: verify,
    qr_svg: qr,
    qr_svg_bytes: { ours: oursSvg.length, qrcode: peerSvg.length },
    sink: sink.v,
  };
}
