#![allow(
    clippy::indexing_slicing,
    clippy::string_slice,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic
)] // test code asserts bluntly
//! The native transport (feature `reqwest`) against the sandbox server on
//! loopback: the happy path, each fault the transport must map, redirects, and
//! secrets kept out of every detail.

use exotel_sip::ops::DeleteTrunk;
use std::time::Duration;

use exotel_sip::native::{native_client, NativeClient, OsEntropy, ReqwestTransport, TokioClock};
use exotel_sip::ops::{
    AddDestinations, CreateTrunk, ListQuery, MapPhoneNumber, Operation, WhitelistIp,
};
use exotel_sip::{
    Client, Clock, Config, Credentials, Endpoint, Error, Mode, PhoneNumber, RetryPolicy, Transport,
    TransportErrorKind,
};
use exotel_sip_sandbox_server::exotel_sip_sandbox::{Fault, QueuedFault, SandboxConfig};
use exotel_sip_sandbox_server::{start, RunningServer, ServerOptions};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

const KEY: &str = "native_key";
const TOKEN: &str = "n4tive-T0ken-never-shown";
const ACCOUNT: &str = "acct1";

async fn sandbox() -> RunningServer {
    start(ServerOptions {
        config: SandboxConfig {
            account_sid: ACCOUNT.into(),
            api_key: KEY.into(),
            api_token: TOKEN.into(),
            ..SandboxConfig::default()
        },
        ..ServerOptions::default()
    })
    .await
    .expect("sandbox starts")
}

fn config(base_url: &str) -> Config {
    let credentials = Credentials::new(KEY, TOKEN, ACCOUNT).expect("credentials");
    Config::new(credentials, Endpoint::BaseUrl(base_url.to_owned())).expect("config")
}

fn client(base_url: &str) -> NativeClient {
    native_client(config(base_url)).expect("client")
}

fn fault(server: &RunningServer, method: &str, path: &str, fault: Fault) {
    server.sandbox().queue_fault(QueuedFault {
        method: method.into(),
        path: path.into(),
        fault,
        times: 1,
    });
}

fn trunks_path() -> String {
    format!("/v2/accounts/{ACCOUNT}/trunks")
}

/// A port on 127.0.0.1 nothing listens on.
async fn closed_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("addr").port();
    drop(listener);
    port
}

fn assert_no_secret(text: &str) {
    use base64::Engine as _;
    let basic = base64::engine::general_purpose::STANDARD.encode(format!("{KEY}:{TOKEN}"));
    assert!(!text.contains(TOKEN), "token leaked: {text}");
    assert!(!text.contains(&basic), "basic credentials leaked: {text}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_whole_setup_over_loopback() {
    let server = sandbox().await;
    let client = client(&server.url());
    let trunk = client
        .create_trunk(&CreateTrunk::new("native_trunk"))
        .await
        .expect("create");
    let number = client
        .map_phone_number(&MapPhoneNumber {
            trunk_sid: trunk.trunk_sid.clone(),
            phone_number: "+919876543210".into(),
            mode: Some(Mode::Flow),
        })
        .await
        .expect("map");
    assert_eq!(number.mode, Mode::Flow);
    client
        .whitelist_ip(&WhitelistIp {
            trunk_sid: trunk.trunk_sid.clone(),
            ip: "203.0.113.10".into(),
            mask: None,
        })
        .await
        .expect("whitelist");
    let batch = client
        .add_destinations(&AddDestinations {
            trunk_sid: trunk.trunk_sid.clone(),
            destinations: vec!["203.0.113.10:5061;transport=tls".into()],
        })
        .await
        .expect("destinations");
    assert_eq!(batch.items.len(), 1);
    let numbers = client
        .pages::<PhoneNumber>(ListQuery {
            page_size: Some(1),
            ..ListQuery::new(trunk.trunk_sid.clone())
        })
        .collect_items()
        .await
        .expect("list");
    assert_eq!(numbers, vec![number]);

    // What reached the server: the SDK's headers, Basic auth, the JSON body.
    let log = server.sandbox().requests();
    let first = log.first().expect("logged");
    let header = |name: &str| {
        first
            .headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone())
    };
    assert_eq!(header("accept").as_deref(), Some("application/json"));
    assert_eq!(header("content-type").as_deref(), Some("application/json"));
    assert!(header("user-agent")
        .unwrap_or_default()
        .starts_with("exotel-sip/"));
    assert!(first.body.contains("native_trunk"));
    assert!(log.iter().all(|r| r.status.is_some_and(|s| s < 300)));
    server.shutdown().await.expect("shutdown");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn response_headers_and_status_are_copied() {
    let server = sandbox().await;
    let transport = ReqwestTransport::for_base_url(&server.url()).expect("transport");
    let request = CreateTrunk::new("t1")
        .request(&config(&server.url()))
        .expect("request");
    let response = transport.send(request).await.expect("response");
    assert_eq!(response.status, 200);
    assert!(response.header("date").is_some());
    assert!(response
        .header("content-type")
        .is_some_and(|v| v.starts_with("application/json")));
    assert!(response.body.contains("\"trunk_name\":\"t1\""));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn latency_beyond_the_timeout_is_a_timeout() {
    let server = sandbox().await;
    let config = config(&server.url()).with_timeout_ms(300);

    // The transport alone gives up after the request's timeout_ms.
    fault(&server, "POST", &trunks_path(), Fault::Latency { ms: 2000 });
    let transport = ReqwestTransport::for_base_url(&server.url()).expect("transport");
    let request = CreateTrunk::new("slow1").request(&config).expect("request");
    let started = std::time::Instant::now();
    let err = transport.send(request).await.expect_err("times out");
    assert_eq!(err.kind, TransportErrorKind::Timeout, "{err}");
    assert!(started.elapsed() < Duration::from_millis(1500));
    assert_no_secret(&err.detail);

    // Through the client it is the core's Timeout.
    fault(&server, "POST", &trunks_path(), Fault::Latency { ms: 2000 });
    let client = native_client(config).expect("client");
    let err = client
        .create_trunk(&CreateTrunk::new("slow2"))
        .await
        .expect_err("times out");
    assert!(
        matches!(err, Error::Timeout { timeout_ms } if timeout_ms <= 300),
        "{err:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dropped_connection_is_io_after_send() {
    let server = sandbox().await;
    fault(&server, "POST", &trunks_path(), Fault::Drop);
    let transport = ReqwestTransport::for_base_url(&server.url()).expect("transport");
    let request = CreateTrunk::new("dropped")
        .request(&config(&server.url()))
        .expect("request");
    let err = transport.send(request).await.expect_err("dropped");
    assert_eq!(err.kind, TransportErrorKind::IoAfterSend, "{err}");
    assert!(!err.detail.contains("127.0.0.1"), "no URL: {}", err.detail);
    assert_no_secret(&err.detail);

    fault(&server, "POST", &trunks_path(), Fault::Drop);
    let err = client(&server.url())
        .create_trunk(&CreateTrunk::new("dropped2"))
        .await
        .expect_err("dropped");
    assert!(
        matches!(
            err,
            Error::Transport {
                kind: TransportErrorKind::IoAfterSend,
                ..
            }
        ),
        "{err:?}"
    );
    assert_no_secret(&format!("{err} {err:?}"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_html_page_is_a_decode_error() {
    let server = sandbox().await;
    fault(&server, "POST", &trunks_path(), Fault::Html { status: 502 });
    let err = client(&server.url())
        .create_trunk(&CreateTrunk::new("html"))
        .await
        .expect_err("html");
    match err {
        Error::Decode {
            status, snippet, ..
        } => {
            assert_eq!(status, 502);
            assert!(snippet.to_ascii_lowercase().contains("<html"), "{snippet}");
        }
        other => panic!("expected decode, got {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_closed_port_is_connect() {
    let base_url = format!("http://127.0.0.1:{}", closed_port().await);
    let transport = ReqwestTransport::for_base_url(&base_url).expect("transport");
    let request = CreateTrunk::new("nobody")
        .request(&config(&base_url))
        .expect("request");
    let err = transport.send(request).await.expect_err("refused");
    assert_eq!(err.kind, TransportErrorKind::Connect, "{err}");
    assert!(!err.detail.contains("127.0.0.1"), "no URL: {}", err.detail);
    assert_no_secret(&err.detail);

    // (Connect errors are retried; one attempt keeps the test quick.)
    let err = client(&base_url)
        .with_retry_policy(RetryPolicy::none())
        .create_trunk(&CreateTrunk::new("nobody"))
        .await
        .expect_err("refused");
    assert!(
        matches!(
            err,
            Error::Transport {
                kind: TransportErrorKind::Connect,
                ..
            }
        ),
        "{err:?}"
    );
}

/// Answers every connection with a redirect and counts the connections.
async fn redirecting_server() -> (String, tokio::sync::mpsc::UnboundedReceiver<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let (seen_tx, seen_rx) = tokio::sync::mpsc::unbounded_channel();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let seen = seen_tx.clone();
            tokio::spawn(async move {
                let mut buf = vec![0_u8; 8192];
                let n = stream.read(&mut buf).await.unwrap_or(0);
                let _ = seen.send(String::from_utf8_lossy(&buf[..n]).into_owned());
                let _ = stream
                    .write_all(
                        b"HTTP/1.1 302 Found\r\nLocation: http://127.0.0.1:1/x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                    )
                    .await;
                let _ = stream.shutdown().await;
            });
        }
    });
    (format!("http://{addr}"), seen_rx)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_redirect_is_returned_not_followed() {
    let (base_url, mut seen) = redirecting_server().await;
    let transport = ReqwestTransport::for_base_url(&base_url).expect("transport");
    let request = CreateTrunk::new("moved")
        .request(&config(&base_url))
        .expect("request");
    let response = transport.send(request).await.expect("a response");
    assert_eq!(response.status, 302);
    assert_eq!(response.header("location"), Some("http://127.0.0.1:1/x"));
    let first = seen.recv().await.expect("one request");
    assert!(
        first.starts_with("POST /v2/accounts/acct1/trunks "),
        "{first}"
    );
    // Not followed: had it been, port 1 would have refused and this would be an error.
    assert!(seen.try_recv().is_err());

    // Through the client, a redirect is an API error with its status.
    let err = client(&base_url)
        .create_trunk(&CreateTrunk::new("moved"))
        .await
        .expect_err("redirect");
    assert_eq!(err.status(), Some(302), "{err:?}");
    assert_no_secret(&format!("{err} {err:?}"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn native_seams_work_together() {
    let clock = TokioClock::new();
    let before = clock.now_ms();
    clock.sleep(20).await;
    assert!(clock.now_ms() >= before + 20);
    let server = sandbox().await;
    let client = Client::new(
        config(&server.url()),
        ReqwestTransport::from_client(
            ReqwestTransport::client_builder()
                .no_proxy()
                .tls_certs_only(Vec::new())
                .build()
                .expect("reqwest client"),
        ),
        clock,
        OsEntropy::default(),
    );
    let err = client
        .delete_trunk(&DeleteTrunk::new("trmum00000000000000000000a1n"))
        .await
        .expect_err("unknown trunk");
    assert!(
        matches!(err, Error::NotFound { status: 403, .. }),
        "{err:?}"
    );
}
