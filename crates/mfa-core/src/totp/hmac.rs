//! HMAC (RFC 2104) over SHA-1, SHA-256 and SHA-512 (FIPS 180-4).
//!
//! Written out here instead of using the RustCrypto `hmac`/`sha1`/`sha2` crates, for the wasm
//! build's size (bench/RESULTS.md): their three monomorphised HMACs, the unrolled compression
//! functions and the `digest` plumbing took about 12 KB of wasm; this takes about 3 KB, with the
//! SHA-256 round constants taken from the SHA-512 ones (they are their top 32 bits). The
//! compression functions are the textbook loops: no secret-dependent branches or indices. They
//! are checked against FIPS 180-4 and RFC 2202/4231 vectors, and against RustCrypto on random
//! keys and messages of every length (`totp/tests.rs`), besides the RFC 4226/6238 vectors and the
//! pyotp oracle of `tests/`.

use super::Algorithm;

/// SHA-512's round constants; SHA-256's are the top halves of the first 64.
#[rustfmt::skip]
const K64: [u64; 80] = [
    0x428a2f98d728ae22, 0x7137449123ef65cd, 0xb5c0fbcfec4d3b2f, 0xe9b5dba58189dbbc,
    0x3956c25bf348b538, 0x59f111f1b605d019, 0x923f82a4af194f9b, 0xab1c5ed5da6d8118,
    0xd807aa98a3030242, 0x12835b0145706fbe, 0x243185be4ee4b28c, 0x550c7dc3d5ffb4e2,
    0x72be5d74f27b896f, 0x80deb1fe3b1696b1, 0x9bdc06a725c71235, 0xc19bf174cf692694,
    0xe49b69c19ef14ad2, 0xefbe4786384f25e3, 0x0fc19dc68b8cd5b5, 0x240ca1cc77ac9c65,
    0x2de92c6f592b0275, 0x4a7484aa6ea6e483, 0x5cb0a9dcbd41fbd4, 0x76f988da831153b5,
    0x983e5152ee66dfab, 0xa831c66d2db43210, 0xb00327c898fb213f, 0xbf597fc7beef0ee4,
    0xc6e00bf33da88fc2, 0xd5a79147930aa725, 0x06ca6351e003826f, 0x142929670a0e6e70,
    0x27b70a8546d22ffc, 0x2e1b21385c26c926, 0x4d2c6dfc5ac42aed, 0x53380d139d95b3df,
    0x650a73548baf63de, 0x766a0abb3c77b2a8, 0x81c2c92e47edaee6, 0x92722c851482353b,
    0xa2bfe8a14cf10364, 0xa81a664bbc423001, 0xc24b8b70d0f89791, 0xc76c51a30654be30,
    0xd192e819d6ef5218, 0xd69906245565a910, 0xf40e35855771202a, 0x106aa07032bbd1b8,
    0x19a4c116b8d2d0c8, 0x1e376c085141ab53, 0x2748774cdf8eeb99, 0x34b0bcb5e19b48a8,
    0x391c0cb3c5c95a63, 0x4ed8aa4ae3418acb, 0x5b9cca4f7763e373, 0x682e6ff3d6b2b8a3,
    0x748f82ee5defb2fc, 0x78a5636f43172f60, 0x84c87814a1f0ab72, 0x8cc702081a6439ec,
    0x90befffa23631e28, 0xa4506cebde82bde9, 0xbef9a3f7b2c67915, 0xc67178f2e372532b,
    0xca273eceea26619c, 0xd186b8c721c0c207, 0xeada7dd6cde0eb1e, 0xf57d4f7fee6ed178,
    0x06f067aa72176fba, 0x0a637dc5a2c898a6, 0x113f9804bef90dae, 0x1b710b35131c471b,
    0x28db77f523047d84, 0x32caab7b40c72493, 0x3c9ebe0a15c9bebc, 0x431d67c49c100d4c,
    0x4cc5d4becb3e42b6, 0x597f299cfc657e2a, 0x5fcb6fab3ad6faec, 0x6c44198c4a475817,
];

/// SHA-512's initial hash; SHA-256's is the top halves.
const H512: [u64; 8] = [
    0x6a09e667f3bcc908,
    0xbb67ae8584caa73b,
    0x3c6ef372fe94f82b,
    0xa54ff53a5f1d36f1,
    0x510e527fade682d1,
    0x9b05688c2b3e6c1f,
    0x1f83d9abfb41bd6b,
    0x5be0cd19137e2179,
];

const H1: [u64; 5] = [0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0];

const fn block_len(alg: Algorithm) -> usize {
    match alg {
        Algorithm::Sha512 => 128,
        _ => 64,
    }
}

const fn output_len(alg: Algorithm) -> usize {
    match alg {
        Algorithm::Sha1 => 20,
        Algorithm::Sha256 => 32,
        Algorithm::Sha512 => 64,
    }
}

/// A digest or MAC: up to 64 bytes.
pub(crate) struct Output {
    bytes: [u8; 64],
    len: usize,
}

impl Output {
    pub(crate) fn as_bytes(&self) -> &[u8] {
        self.bytes.get(..self.len).unwrap_or_default()
    }
}

// The compression functions take the whole 128-byte buffer so that every index below is
// provably in bounds: no bounds checks, no calls in the rounds (they stay fast at opt-level z).

/// The message schedule of SHA-1 and SHA-256: the block's 16 words, then `expand(w, t)`.
fn schedule32<const N: usize>(
    block: &[u8; 128],
    expand: impl Fn(&[u32; N], usize) -> u32,
) -> [u32; N] {
    let mut w = [0u32; N];
    for t in 0..N {
        w[t] = if t < 16 {
            let j = t * 4;
            u32::from_be_bytes([block[j], block[j + 1], block[j + 2], block[j + 3]])
        } else {
            expand(&w, t)
        };
    }
    w
}

fn sha1(h: &mut [u64; 8], block: &[u8; 128]) {
    let w = schedule32::<80>(block, |w, t| {
        (w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16]).rotate_left(1)
    });
    let mut s = [h[0], h[1], h[2], h[3], h[4]].map(|x| x as u32);
    // Four rounds of 20 with their own function and constant, so no branch per round.
    macro_rules! rounds {
        ($range:expr, $k:expr, |$b:ident, $c:ident, $d:ident| $f:expr) => {
            for &wt in &w[$range] {
                let [a, $b, $c, $d, e] = s;
                let temp = a
                    .rotate_left(5)
                    .wrapping_add($f)
                    .wrapping_add(e)
                    .wrapping_add($k)
                    .wrapping_add(wt);
                s = [temp, a, $b.rotate_left(30), $c, $d];
            }
        };
    }
    rounds!(0..20, 0x5A827999, |b, c, d| (b & c) | (!b & d));
    rounds!(20..40, 0x6ED9EBA1, |b, c, d| b ^ c ^ d);
    rounds!(40..60, 0x8F1BBCDC, |b, c, d| (b & c) | (b & d) | (c & d));
    rounds!(60..80, 0xCA62C1D6, |b, c, d| b ^ c ^ d);
    for (x, v) in h.iter_mut().zip(s) {
        *x = u64::from((*x as u32).wrapping_add(v));
    }
}

fn sha256(h: &mut [u64; 8], block: &[u8; 128]) {
    let w = schedule32::<64>(block, |w, t| {
        let (w15, w2) = (w[t - 15], w[t - 2]);
        let s0 = w15.rotate_right(7) ^ w15.rotate_right(18) ^ (w15 >> 3);
        let s1 = w2.rotate_right(17) ^ w2.rotate_right(19) ^ (w2 >> 10);
        w[t - 16]
            .wrapping_add(s0)
            .wrapping_add(w[t - 7])
            .wrapping_add(s1)
    });
    let mut v = h.map(|x| x as u32);
    for (&k, &wt) in K64.iter().zip(&w) {
        let [a, b, c, d, e, f, g, hh] = v;
        let s1 = e.rotate_right(6) ^ e.rotate_right(11) ^ e.rotate_right(25);
        let ch = (e & f) ^ (!e & g);
        let t1 = hh
            .wrapping_add(s1)
            .wrapping_add(ch)
            .wrapping_add((k >> 32) as u32)
            .wrapping_add(wt);
        let s0 = a.rotate_right(2) ^ a.rotate_right(13) ^ a.rotate_right(22);
        let maj = (a & b) ^ (a & c) ^ (b & c);
        v = [
            t1.wrapping_add(s0).wrapping_add(maj),
            a,
            b,
            c,
            d.wrapping_add(t1),
            e,
            f,
            g,
        ];
    }
    for (x, v) in h.iter_mut().zip(v) {
        *x = u64::from((*x as u32).wrapping_add(v));
    }
}

fn sha512(h: &mut [u64; 8], block: &[u8; 128]) {
    let mut w = [0u64; 80];
    for t in 0..80 {
        w[t] = if t < 16 {
            let j = t * 8;
            u64::from_be_bytes([
                block[j],
                block[j + 1],
                block[j + 2],
                block[j + 3],
                block[j + 4],
                block[j + 5],
                block[j + 6],
                block[j + 7],
            ])
        } else {
            let (w15, w2) = (w[t - 15], w[t - 2]);
            let s0 = w15.rotate_right(1) ^ w15.rotate_right(8) ^ (w15 >> 7);
            let s1 = w2.rotate_right(19) ^ w2.rotate_right(61) ^ (w2 >> 6);
            w[t - 16]
                .wrapping_add(s0)
                .wrapping_add(w[t - 7])
                .wrapping_add(s1)
        };
    }
    let mut v = *h;
    for (&k, &wt) in K64.iter().zip(&w) {
        let [a, b, c, d, e, f, g, hh] = v;
        let s1 = e.rotate_right(14) ^ e.rotate_right(18) ^ e.rotate_right(41);
        let ch = (e & f) ^ (!e & g);
        let t1 = hh
            .wrapping_add(s1)
            .wrapping_add(ch)
            .wrapping_add(k)
            .wrapping_add(wt);
        let s0 = a.rotate_right(28) ^ a.rotate_right(34) ^ a.rotate_right(39);
        let maj = (a & b) ^ (a & c) ^ (b & c);
        v = [
            t1.wrapping_add(s0).wrapping_add(maj),
            a,
            b,
            c,
            d.wrapping_add(t1),
            e,
            f,
            g,
        ];
    }
    for (x, v) in h.iter_mut().zip(v) {
        *x = x.wrapping_add(v);
    }
}

fn initial(alg: Algorithm) -> [u64; 8] {
    match alg {
        Algorithm::Sha1 => [H1[0], H1[1], H1[2], H1[3], H1[4], 0, 0, 0],
        Algorithm::Sha256 => H512.map(|x| x >> 32),
        Algorithm::Sha512 => H512,
    }
}

fn compress(alg: Algorithm, h: &mut [u64; 8], block: &[u8; 128]) {
    match alg {
        Algorithm::Sha1 => sha1(h, block),
        Algorithm::Sha256 => sha256(h, block),
        Algorithm::Sha512 => sha512(h, block),
    }
}

/// Hashes `data` onto the state `h`, which has already absorbed `done` bytes (whole blocks),
/// and returns the digest. Padding: 0x80, zeros, then the length in bits in the last 8
/// bytes (SHA-512's 16-byte length field has a zero high half here).
fn hash_from(alg: Algorithm, mut h: [u64; 8], done: u64, data: &[u8]) -> Output {
    let block = block_len(alg);
    let mut buf = [0u8; 128];
    let mut chunks = data.chunks_exact(block);
    for chunk in &mut chunks {
        buf.iter_mut().zip(chunk).for_each(|(d, s)| *d = *s);
        compress(alg, &mut h, &buf);
    }
    let rest = chunks.remainder();
    buf = [0; 128];
    buf.iter_mut().zip(rest).for_each(|(d, s)| *d = *s);
    buf[rest.len() & 127] = 0x80;
    if rest.len() >= block - block / 8 {
        compress(alg, &mut h, &buf);
        buf = [0; 128];
    }
    let bits = (done + data.len() as u64).wrapping_mul(8).to_be_bytes();
    buf.iter_mut()
        .skip(block - 8)
        .zip(bits)
        .for_each(|(d, s)| *d = s);
    compress(alg, &mut h, &buf);

    let mut out = Output {
        bytes: [0; 64],
        len: output_len(alg),
    };
    for (i, chunk) in out.bytes.chunks_exact_mut(8).enumerate() {
        let word = if alg == Algorithm::Sha512 {
            h[i]
        } else {
            (h[(2 * i) & 7] << 32) | (h[(2 * i + 1) & 7] & 0xFFFF_FFFF)
        };
        chunk.copy_from_slice(&word.to_be_bytes());
    }
    out
}

/// The SHA-1/256/512 digest of `data`.
pub(crate) fn digest(alg: Algorithm, data: &[u8]) -> Output {
    hash_from(alg, initial(alg), 0, data)
}

/// An HMAC key with its inner and outer padded blocks already absorbed: each MAC of a short
/// message then costs two compressions.
pub(crate) struct Key {
    alg: Algorithm,
    inner: [u64; 8],
    outer: [u64; 8],
}

impl Key {
    pub(crate) fn new(alg: Algorithm, key: &[u8]) -> Self {
        let block = block_len(alg);
        let mut padded = [0u8; 128];
        if key.len() > block {
            let hashed = digest(alg, key);
            padded
                .iter_mut()
                .zip(hashed.as_bytes())
                .for_each(|(d, s)| *d = *s);
        } else {
            padded.iter_mut().zip(key).for_each(|(d, s)| *d = *s);
        }
        let absorb = |pad: u8| {
            let mut h = initial(alg);
            let mut blockbuf = [0u8; 128];
            for (d, k) in blockbuf.iter_mut().zip(padded.iter()).take(block) {
                *d = k ^ pad;
            }
            compress(alg, &mut h, &blockbuf);
            h
        };
        let (inner, outer) = (absorb(0x36), absorb(0x5c));
        padded.fill(0);
        Self { alg, inner, outer }
    }

    pub(crate) fn mac(&self, message: &[u8]) -> Output {
        let block = block_len(self.alg) as u64;
        let inner = hash_from(self.alg, self.inner, block, message);
        hash_from(self.alg, self.outer, block, inner.as_bytes())
    }
}

impl Drop for Key {
    fn drop(&mut self) {
        // The absorbed states are as good as the key: wipe them.
        self.inner = [0; 8];
        self.outer = [0; 8];
    }
}
