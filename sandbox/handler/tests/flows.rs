//! The documented setups through the SDK core and the in-process transport.

#![allow(
    clippy::indexing_slicing,
    clippy::string_slice,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic
)] // tests assert bluntly

mod common;

use common::*;
use exotel_sip::ops::{
    AddDestinations, CreateTrunk, ListQuery, MapPhoneNumber, SetTrunkSettings,
    UpdatePhoneNumberMode, WhitelistIp,
};
use exotel_sip::ops::{DeleteTrunk, GetTrunkCredentials};
use exotel_sip::{DestinationUri, Error, Mode, PhoneNumber, TransportErrorKind, WhitelistedIp};
use exotel_sip_sandbox::{Delivery, Fault, QueuedFault};
use futures_lite::future::block_on;

#[test]
fn pstn_setup() {
    let sandbox = sandbox();
    let client = client(&sandbox);
    block_on(async {
        let trunk = client
            .create_trunk(&CreateTrunk::new("pstn_trunk"))
            .await
            .unwrap();
        let sid = trunk.trunk_sid.clone();
        assert_eq!(
            trunk.domain_name.as_deref(),
            Some("ameyo5m.pstn.exotel.com")
        );
        let number = client
            .map_phone_number(&MapPhoneNumber {
                trunk_sid: sid.clone(),
                phone_number: "+919876543210".into(),
                mode: None,
            })
            .await
            .unwrap();
        assert_eq!(number.mode, Mode::Unset);
        let ip = client
            .whitelist_ip(&WhitelistIp {
                trunk_sid: sid.clone(),
                ip: "44.248.146.11".into(),
                mask: None,
            })
            .await
            .unwrap();
        assert_eq!(ip.mask, Some(32));
        let added = client
            .add_destinations(&AddDestinations {
                trunk_sid: sid.clone(),
                destinations: vec![
                    "44.248.146.11:5061;transport=tls".into(),
                    "sip:sip.company.com:5061;transport=tls".into(),
                ],
            })
            .await
            .unwrap();
        assert_eq!(added.items.len(), 2);
        assert_eq!(added.metadata.failed, Some(0));
        let alias = client
            .set_trunk_settings(&SetTrunkSettings::caller_id_alias(&sid, "+919876543210"))
            .await
            .unwrap();
        assert_eq!(alias.items[0].value, "+919876543210");

        let destinations: Vec<String> = client
            .pages::<DestinationUri>(ListQuery::new(&sid))
            .collect_items()
            .await
            .unwrap()
            .into_iter()
            .map(|d| d.destination)
            .collect();
        assert_eq!(
            destinations,
            [
                "sip:sip.company.com:5061;transport=tls",
                "sip:44.248.146.11:5061;transport=tls"
            ]
        );
        let switched = client
            .update_phone_number_mode(&UpdatePhoneNumberMode {
                trunk_sid: sid.clone(),
                phone_number_id: number.id.clone(),
                phone_number: number.phone_number.clone(),
                mode: Mode::Flow,
            })
            .await
            .unwrap();
        assert_eq!(switched.mode, Mode::Flow);
        let credentials = client
            .get_trunk_credentials(&GetTrunkCredentials::new(&sid))
            .await
            .unwrap();
        assert_eq!(credentials["username"], sid.as_str());

        let deleted = client.delete_trunk(&DeleteTrunk::new(&sid)).await.unwrap();
        assert_eq!(deleted.trunk_sid, sid);
        assert_eq!(deleted.trunk.map(|t| t.trunk_sid), Some(sid.clone()));
        let gone = client.phone_numbers_page(&ListQuery::new(&sid)).await;
        assert!(
            matches!(
                gone,
                Err(Error::NotFound {
                    status: 404,
                    code: Some(1000),
                    ..
                })
            ),
            "{gone:?}"
        );
        let again = client.delete_trunk(&DeleteTrunk::new(&sid)).await;
        assert!(
            matches!(
                again,
                Err(Error::NotFound {
                    status: 403,
                    code: Some(1003),
                    ..
                })
            ),
            "{again:?}"
        );
    });
}

#[test]
fn streamkit_setup_and_duplicates() {
    let sandbox = sandbox();
    let client = client(&sandbox);
    block_on(async {
        let sid = client
            .create_trunk(&CreateTrunk::new("voice_ai"))
            .await
            .unwrap()
            .trunk_sid;
        let map = MapPhoneNumber {
            trunk_sid: sid.clone(),
            phone_number: "+918040264208".into(),
            mode: Some(Mode::Flow),
        };
        assert_eq!(
            client.map_phone_number(&map).await.unwrap().mode,
            Mode::Flow
        );
        let whitelist = WhitelistIp {
            trunk_sid: sid.clone(),
            ip: "203.0.113.50".into(),
            mask: Some(32),
        };
        client.whitelist_ip(&whitelist).await.unwrap();
        // The documented quirks: duplicates answer HTTP 200 with an inner 409.
        assert!(matches!(
            client.map_phone_number(&map).await,
            Err(Error::Duplicate {
                status: 200,
                code: Some(1008),
                ..
            })
        ));
        assert!(matches!(
            client.whitelist_ip(&whitelist).await,
            Err(Error::Duplicate {
                status: 200,
                code: Some(1008),
                ..
            })
        ));
        assert!(matches!(
            client.create_trunk(&CreateTrunk::new("voice_ai")).await,
            Err(Error::Duplicate { status: 409, .. })
        ));
        let numbers: Vec<PhoneNumber> = client
            .pages::<PhoneNumber>(ListQuery::new(&sid))
            .collect_items()
            .await
            .unwrap();
        assert_eq!(numbers.len(), 1);
        let ips: Vec<WhitelistedIp> = client
            .pages::<WhitelistedIp>(ListQuery::new(&sid))
            .collect_items()
            .await
            .unwrap();
        assert_eq!(ips[0].ip, "203.0.113.50");
    });
}

#[test]
fn an_unwhitelisted_destination_is_a_partial_failure() {
    let sandbox = sandbox();
    let client = client(&sandbox);
    block_on(async {
        let sid = client
            .create_trunk(&CreateTrunk::new("t"))
            .await
            .unwrap()
            .trunk_sid;
        let err = client
            .add_destinations(&AddDestinations {
                trunk_sid: sid,
                destinations: vec!["pbx.example.com:5060".into(), "198.51.100.7:5060".into()],
            })
            .await
            .unwrap_err();
        match err {
            Error::PartialFailure {
                status: 207,
                created,
                failed,
                ..
            } => {
                assert_eq!(created.len(), 1);
                assert_eq!(failed[0].index, 1);
                assert_eq!(failed[0].description, "Destination not whitelisted");
            }
            other => panic!("{other:?}"),
        }
    });
}

#[test]
fn pages_walk_every_page() {
    let sandbox = sandbox();
    let client = client(&sandbox);
    block_on(async {
        let sid = client
            .create_trunk(&CreateTrunk::new("t"))
            .await
            .unwrap()
            .trunk_sid;
        for i in 0..7 {
            client
                .whitelist_ip(&WhitelistIp {
                    trunk_sid: sid.clone(),
                    ip: format!("10.0.0.{i}"),
                    mask: None,
                })
                .await
                .unwrap();
        }
        sandbox.clear_requests();
        let query = ListQuery {
            trunk_sid: sid.clone(),
            offset: None,
            page_size: Some(3),
        };
        let ips = client
            .pages::<WhitelistedIp>(query)
            .collect_items()
            .await
            .unwrap();
        assert_eq!(ips.len(), 7);
        assert_eq!(sandbox.requests().len(), 3, "three pages of 3, 3 and 1");
    });
}

#[test]
fn faults_reach_the_client_as_documented() {
    let sandbox = sandbox();
    let client = client(&sandbox);
    block_on(async {
        let sid = client
            .create_trunk(&CreateTrunk::new("t"))
            .await
            .unwrap()
            .trunk_sid;
        let path = format!("/v2/accounts/ameyo5m/trunks/{sid}/phone-numbers");
        let map = MapPhoneNumber {
            trunk_sid: sid.clone(),
            phone_number: "+919876543210".into(),
            mode: None,
        };
        let fault = |fault| QueuedFault {
            method: "POST".into(),
            path: path.clone(),
            fault,
            times: 1,
        };

        sandbox.queue_fault(fault(Fault::Lost));
        let err = client.map_phone_number(&map).await.unwrap_err();
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
        // The write happened: mapping again is a duplicate, and the log says dropped.
        assert!(matches!(
            client.map_phone_number(&map).await,
            Err(Error::Duplicate { .. })
        ));
        assert_eq!(
            sandbox
                .requests()
                .iter()
                .filter(|r| r.delivery == Delivery::Dropped)
                .count(),
            1
        );

        sandbox.queue_fault(fault(Fault::Html { status: 502 }));
        assert!(matches!(
            client.map_phone_number(&map).await,
            Err(Error::Decode { status: 502, .. })
        ));
        // A 429 is retried after Retry-After, even for a POST (nothing was applied),
        // until the attempts run out.
        sandbox.queue_fault(QueuedFault {
            times: 4,
            ..fault(Fault::RateLimit { retry_after: 9 })
        });
        let limited = client.map_phone_number(&map).await;
        assert!(
            matches!(
                limited,
                Err(Error::RateLimited {
                    retry_after_ms: Some(9000),
                    ..
                })
            ),
            "{limited:?}"
        );
        sandbox.queue_fault(fault(Fault::NonEnvelope));
        assert!(matches!(
            client.map_phone_number(&map).await,
            Err(Error::Decode { status: 200, .. })
        ));
        sandbox.queue_fault(fault(Fault::Truncated));
        assert!(matches!(
            client.map_phone_number(&map).await,
            Err(Error::Decode { .. })
        ));
        sandbox.queue_fault(fault(Fault::Status {
            status: 500,
            code: Some(1099),
            description: Some("boom".into()),
        }));
        assert!(matches!(
            client.map_phone_number(&map).await,
            Err(Error::Api {
                status: 500,
                code: Some(1099),
                ..
            })
        ));
    });
}
