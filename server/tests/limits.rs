//! Resource limits (issue 9 rows 7 and 8): the real binary under 300 parallel logins keeps its
//! peak memory within 256 MiB (the KDF gate answers the excess with 503 `unavailable` and
//! `Retry-After`), and `/api/health` answers while one client holds 1,100 half-open requests
//! (connection caps under the open-file limit, header-read timeout). Times are printed, never
//! asserted; memory is a byte budget and is asserted.

mod common;

use common::*;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The real binary, started through `bash` so `ulimit` can set its open-file limit.
struct Binary {
    child: Child,
    url: String,
}

impl Drop for Binary {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn spawn_binary(ulimit: &str, args: &str) -> Binary {
    let exe = env!("CARGO_BIN_EXE_mfa-server");
    let mut child = Command::new("bash")
        .arg("-c")
        .arg(format!("{ulimit} exec {exe} --listen 127.0.0.1:0 {args}"))
        .env("MFA_SERVER_LOG", "error")
        .env("MFA_SERVER_KEY", "ab".repeat(32))
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("the binary starts");
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let first = lines.next().expect("a first line").unwrap();
    let url = first
        .strip_prefix("mfa-server listening on ")
        .unwrap_or_else(|| panic!("unexpected first line {first:?}"))
        .to_owned();
    std::thread::spawn(move || lines.for_each(drop));
    Binary { child, url }
}

/// Peak resident memory of a process, from /proc (VmHWM), in bytes.
fn peak_rss(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let kib: u64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .unwrap()
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .unwrap();
    kib * 1024
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_hundred_parallel_logins_stay_within_256_mib() {
    // The production policy: Argon2id with 19 MiB per hash.
    let server = spawn_binary("", "--db :memory:");
    let before = peak_rss(server.child.id());
    // Three client addresses, 100 connections each: under the per-address connection cap.
    let clients: Vec<reqwest::Client> = (10..13)
        .map(|last| {
            reqwest::Client::builder()
                .local_address(std::net::IpAddr::from([127, 0, 0, last]))
                .build()
                .unwrap()
        })
        .collect();
    let started = Instant::now();
    let tasks: Vec<_> = (0..300)
        .map(|i| {
            let (http, url) = (clients[i % 3].clone(), server.url.clone());
            tokio::spawn(async move {
                let r = http
                    .post(format!("{url}/api/login"))
                    .header("X-MFA-CSRF", "1")
                    .json(&serde_json::json!({ "email": format!("nobody{i}@x.test"), "password": "wrong" }))
                    .send()
                    .await
                    .expect("an answer");
                let retry = r.headers().get("retry-after").is_some();
                let status = r.status().as_u16();
                let body: serde_json::Value = r.json().await.unwrap();
                (status, body["code"].as_str().unwrap_or("").to_owned(), retry)
            })
        })
        .collect();
    let mut answers = Vec::new();
    for task in tasks {
        answers.push(task.await.unwrap());
    }
    let took = started.elapsed();
    let peak = peak_rss(server.child.id());
    let evaluated = answers.iter().filter(|a| a.0 == 401).count();
    let busy = answers.iter().filter(|a| a.0 == 503).count();
    println!(
        "300 parallel logins in {took:?}: {evaluated} evaluated (401), {busy} busy (503); \
         peak RSS {:.1} MiB (at start {:.1} MiB)",
        peak as f64 / 1048576.0,
        before as f64 / 1048576.0
    );
    assert_eq!(evaluated + busy, 300, "{answers:?}");
    assert!(evaluated >= 1);
    for (status, code, retry) in answers.iter().filter(|a| a.0 == 503) {
        assert_eq!((*status, code.as_str(), *retry), (503, "unavailable", true));
    }
    assert!(
        peak <= 256 * 1024 * 1024,
        "peak RSS {peak} bytes is over 256 MiB"
    );
}

/// Opens `n` connections from `local` that each send an unfinished request head.
fn half_open(server: SocketAddr, local: &str, n: usize) -> Vec<TcpStream> {
    let mut held = Vec::new();
    for _ in 0..n {
        let socket =
            socket2::Socket::new(socket2::Domain::IPV4, socket2::Type::STREAM, None).unwrap();
        socket
            .bind(&format!("{local}:0").parse::<SocketAddr>().unwrap().into())
            .unwrap();
        if socket
            .connect_timeout(&server.into(), Duration::from_secs(2))
            .is_err()
        {
            continue;
        }
        let mut stream: TcpStream = socket.into();
        // The head never ends: no blank line.
        let _ = stream.write_all(b"GET /api/health HTTP/1.1\r\nHost: x\r\n");
        held.push(stream);
    }
    held
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn health_answers_while_one_client_holds_1100_half_open_requests() {
    // A common default limit of open files: 1,024 (soft and hard).
    let server = spawn_binary("ulimit -n 1024;", "--db :memory:");
    let addr: SocketAddr = server.url.trim_start_matches("http://").parse().unwrap();
    let held = tokio::task::spawn_blocking(move || half_open(addr, "127.0.0.2", 1100))
        .await
        .unwrap();
    let started = Instant::now();
    let health = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap()
        .get(format!("{}/api/health", server.url))
        .send()
        .await;
    let took = started.elapsed();
    println!(
        "/api/health answered in {took:?} while one client held {} half-open requests (1,100 tried)",
        held.len()
    );
    assert!(health.expect("health answers").status().is_success());
    drop(held);
}

/// The header-read timeout closes a request head that never ends (slowloris), and the body
/// deadline ends a body that never arrives; default timeouts are at most 10 s.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unfinished_heads_and_bodies_are_cut_off() {
    let defaults = mfa_server::serve::Limits::default();
    assert!(defaults.header_read_timeout <= Duration::from_secs(10));
    assert!(defaults.body_read_timeout <= Duration::from_secs(10));
    let t = start(|c| {
        c.limits.header_read_timeout = Duration::from_secs(1);
        c.limits.body_read_timeout = Duration::from_secs(1);
    })
    .await;
    let addr = t.server.addr;
    let (head, body) = tokio::task::spawn_blocking(move || {
        let mut slow = TcpStream::connect(addr).unwrap();
        slow.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
        slow.write_all(b"GET /api/health HTTP/1.1\r\nHost: x\r\n").unwrap();
        let mut answer = Vec::new();
        let started = Instant::now();
        let _ = slow.read_to_end(&mut answer);
        let head = (started.elapsed(), answer.len());
        let mut slow = TcpStream::connect(addr).unwrap();
        slow.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
        slow.write_all(b"POST /api/login HTTP/1.1\r\nHost: x\r\nX-MFA-CSRF: 1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"email\"")
            .unwrap();
        let mut answer = Vec::new();
        let started = Instant::now();
        let _ = slow.read_to_end(&mut answer);
        (head, (started.elapsed(), String::from_utf8_lossy(&answer).into_owned()))
    })
    .await
    .unwrap();
    println!(
        "unfinished head closed after {:?}; unfinished body answered after {:?}",
        head.0, body.0
    );
    assert_eq!(head.1, 0, "the connection was closed without an answer");
    assert!(body.1.starts_with("HTTP/1.1 400"), "{}", body.1);
}

/// One address cannot take every connection slot: over its cap, its new connections are closed,
/// and others still connect.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_address_cannot_take_every_connection() {
    let t = start(|c| c.limits.max_connections_per_ip = 10).await;
    let addr = t.server.addr;
    let held = tokio::task::spawn_blocking(move || half_open(addr, "127.0.0.2", 30))
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    let closed = tokio::task::spawn_blocking(move || {
        held.into_iter()
            .filter(|s| {
                let mut s = s;
                s.set_read_timeout(Some(Duration::from_millis(200)))
                    .unwrap();
                // Closed: end of stream, or a reset (the server did not read what was sent).
                match s.read(&mut [0u8; 1]) {
                    Ok(0) => true,
                    Err(e) => e.kind() == std::io::ErrorKind::ConnectionReset,
                    Ok(_) => false,
                }
            })
            .count()
    })
    .await
    .unwrap();
    println!("{closed} of 30 connections from one address closed at once (cap 10)");
    assert_eq!(closed, 20);
    let (status, _, _) = t.client().get("/api/health").await;
    assert!(status.is_success());
}
