//! `mfa-server`: see `mfa-server --help`.

use clap::Parser;
use mfa_server::{Cli, Config};
use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Some(path) = &cli.write_openapi {
        return match std::fs::write(path, mfa_server::openapi::json()) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("mfa-server: cannot write {}: {e}", path.display());
                ExitCode::FAILURE
            }
        };
    }
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("MFA_SERVER_LOG")
                .unwrap_or_else(|_| "info".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    match run(Config::from_cli(&cli)).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("mfa-server: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run(config: Config) -> std::io::Result<()> {
    let server = mfa_server::spawn(config.clone()).await?;
    // The first line of standard output is the address, for scripts and tests.
    println!("mfa-server listening on {}", server.url());
    if config.dev {
        println!(
            "development mode: SMS outbox at {}/api/dev/sms-outbox; loopback origins allowed",
            server.url()
        );
        if config.test_clock {
            println!(
                "test clock: POST {}/api/dev/clock {{\"advanceSeconds\": N}} moves it forward",
                server.url()
            );
        }
        for line in &server.seed_lines {
            println!("{line}");
        }
    }
    shutdown_signal().await;
    println!("mfa-server stopping");
    Ok(())
}

async fn shutdown_signal() {
    #[cfg(unix)]
    {
        let mut term =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(term) => term,
                Err(_) => return std::future::pending().await,
            };
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
